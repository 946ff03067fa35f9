/**
 * The seed's timestamp format: ISO-8601 UTC with exactly six fractional digits
 * ("2025-09-02T06:03:11.039837Z"). Envelopes carry `Date.toISOString()` (milliseconds), so
 * usually this pads; an offset other than Z is converted to UTC first.
 */
export function realtimeTimestamp(iso: string): string {
  const utc = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso);
  if (utc) return `${utc[1]}.${(utc[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`not an ISO-8601 time: "${iso}"`);
  return realtimeTimestamp(date.toISOString());
}
