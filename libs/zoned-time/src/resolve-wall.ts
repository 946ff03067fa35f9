import { DAY_MS, MINUTE_MS, offsetAt } from './zone-offset';

/**
 * What a local date-time means in a zone: one instant; two (the hour repeated when clocks go
 * back: `earlier` is the first pass, in summer time); or none (the hour skipped when clocks go
 * forward: `nextValid` is the first instant after the gap, e.g. 03:00 for Berlin's 02:30).
 */
export type LocalResolution =
  | { kind: 'unique'; instant: number }
  | { kind: 'ambiguous'; earlier: number; later: number }
  | { kind: 'nonexistent'; nextValid: number };

/** The UTC instant(s) of the wall value `wall` (local fields as if UTC) in `zone`. */
export function resolveWall(wall: number, zone: string): LocalResolution {
  // Offsets a day either side bracket any transition near `wall` (zones change at most
  // twice a year, never twice within two days).
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const instants = [...new Set([before, after, offsetAt(wall, zone)])]
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, zone) === wall - instant)
    .sort((a, b) => a - b);
  const unique = [...new Set(instants)];
  if (unique.length === 1) return { kind: 'unique', instant: unique[0] };
  if (unique.length >= 2) return { kind: 'ambiguous', earlier: unique[0], later: unique[unique.length - 1] };
  return { kind: 'nonexistent', nextValid: transitionBetween(wall - after, wall - before, after, zone) };
}

/** The first instant in (low, high] whose offset is `offsetAfter`, to the minute. */
function transitionBetween(low: number, high: number, offsetAfter: number, zone: string): number {
  let lo = Math.floor(low / MINUTE_MS);
  let hi = Math.ceil(high / MINUTE_MS);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * MINUTE_MS, zone) === offsetAfter) hi = mid;
    else lo = mid;
  }
  return hi * MINUTE_MS;
}

/**
 * The first instant whose wall value is `wall` or later: the instant itself when it exists
 * (the earlier one when the hour repeats), else the end of the gap clocks skipped (zones that
 * move their clocks at midnight start such a day at 01:00).
 */
export function firstInstantAtOrAfter(wall: number, zone: string): number {
  const r = resolveWall(wall, zone);
  return r.kind === 'unique' ? r.instant : r.kind === 'ambiguous' ? r.earlier : r.nextValid;
}
