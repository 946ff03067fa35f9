// The restaurant-local calendar day as UTC instants, with Intl only (no Temporal in Node 20).
// A "wall" value is a local date-time encoded as if it were UTC (Date.UTC of the local
// fields), so local midnight is plain arithmetic on it.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // h23: some ICU versions print midnight as "24" with hour12: false.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether `zone` is an IANA zone this runtime knows (Intl throws a RangeError otherwise). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `instant` (ms; New York in winter: −18 000 000). */
export function offsetAt(instant: number, zone: string): number {
  // Offsets change on whole minutes (at most seconds in 19th-century LMT): the minute is enough.
  const minute = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  const parts = formatterFor(zone).formatToParts(new Date(minute));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second')) - minute;
}

/**
 * The first instant whose local wall-clock value is `wall` or later: the instant itself when
 * it exists (the earlier one when the hour repeats), else the end of the gap clocks skipped
 * (zones that move their clocks at midnight start such a day at 01:00).
 */
function firstInstantAtOrAfter(wall: number, zone: string): number {
  // A day either side brackets any transition near `wall` (never two within two days).
  const candidates = [offsetAt(wall - DAY_MS, zone), offsetAt(wall, zone), offsetAt(wall + DAY_MS, zone)]
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, zone) === wall - instant);
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap: wall − offsetAfter is still before the jump, wall − offsetBefore after it.
  let lo = Math.floor((wall - offsetAt(wall + DAY_MS, zone)) / MINUTE_MS);
  let hi = Math.ceil((wall - offsetAt(wall - DAY_MS, zone)) / MINUTE_MS);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid * MINUTE_MS + offsetAt(mid * MINUTE_MS, zone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi * MINUTE_MS;
}

/** A service day: [start, end) in UTC instants, and its local date. */
export interface LocalDay {
  start: Date;
  end: Date;
  /** The local calendar date, `YYYY-MM-DD`. */
  date: string;
}

/**
 * The calendar day containing `now` in `zone`, from local midnight to the next local midnight.
 * Not always 24 hours: 23 on the day clocks go forward, 25 on the day they go back.
 */
export function localDayOf(now: Date, zone: string): LocalDay {
  const wall = now.getTime() + offsetAt(now.getTime(), zone);
  const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
  return {
    start: new Date(firstInstantAtOrAfter(midnight, zone)),
    end: new Date(firstInstantAtOrAfter(midnight + DAY_MS, zone)),
    date: new Date(midnight).toISOString().slice(0, 10),
  };
}

/** The UTC day containing `now`: the fallback while a restaurant's zone is unknown. */
export function utcDayOf(now: Date): LocalDay {
  const midnight = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { start: new Date(midnight), end: new Date(midnight + DAY_MS), date: new Date(midnight).toISOString().slice(0, 10) };
}
