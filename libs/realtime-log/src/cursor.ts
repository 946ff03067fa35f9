/**
 * Cursors of every RealtimeLog are `<a>-<b>` with two decimal parts (a Redis stream entry
 * id, or the in-memory log's `<epoch>-<n>`), totally ordered by (a, b). Clients treat them
 * as opaque; the gateway compares them to drop what a device already has.
 */
export function parseCursor(cursor: string): readonly [bigint, bigint] | null {
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(cursor);
  return match ? [BigInt(match[1]!), BigInt(match[2]!)] : null;
}

/** True for a well-formed log cursor (a degraded-mode local cursor is not one). */
export const isCursor = (value: unknown): value is string => typeof value === 'string' && parseCursor(value) !== null;

/** Negative, zero or positive as `a` is before, equal to or after `b`. Both must be cursors. */
export function compareCursors(a: string, b: string): number {
  const x = parseCursor(a);
  const y = parseCursor(b);
  if (!x || !y) throw new Error(`not comparable cursors: "${a}", "${b}"`);
  if (x[0] !== y[0]) return x[0] < y[0] ? -1 : 1;
  return x[1] === y[1] ? 0 : x[1] < y[1] ? -1 : 1;
}
