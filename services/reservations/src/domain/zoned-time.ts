// Wall-clock time in a restaurant's IANA zone, with Intl only (Temporal is not in Node 20).
// Instants are epoch milliseconds; a "wall" value is the local date and time encoded as if
// it were UTC (Date.UTC of the local fields), which makes local arithmetic plain numbers.

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // h23: some ICU versions print midnight as "24" with hour12: false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether `zone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock value of `instant` straight from ICU, to the second (slow: a few µs). */
function icuWall(instant: number, zone: string): number {
  const parts = formatterFor(zone).formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
}

// Offsets change only at transitions, which fall on whole minutes: one ICU call per zone and
// minute serves every later question about it. Availability asks hundreds per search.
const offsets = new Map<string, number>();
const MAX_CACHED_OFFSETS = 100_000;

/** The zone's offset from UTC at `instant`, in milliseconds (Berlin in summer: +7 200 000). */
export function offsetAt(instant: number, zone: string): number {
  const minute = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  const key = `${zone}|${minute}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = icuWall(minute, zone) - minute;
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall-clock value (local fields as if UTC) of `instant` in `zone`. */
export function wallOf(instant: number, zone: string): number {
  return instant + offsetAt(instant, zone);
}

/**
 * What a local date-time means in a zone: one instant; two (the hour repeated when clocks go
 * back: `earlier` is the first pass, in summer time); or none (the hour skipped when clocks go
 * forward: `nextValid` is the first instant after the gap, e.g. 03:00 for Berlin's 02:30).
 */
export type LocalResolution =
  | { kind: 'unique'; instant: number }
  | { kind: 'ambiguous'; earlier: number; later: number }
  | { kind: 'nonexistent'; nextValid: number };

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

// ---- calendar dates (YYYY-MM-DD) and wall times (HH:MM) ----

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `YYYY-MM-DD` as a wall value at local midnight, or undefined when not a real date. */
export function parseDate(date: string): number | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return formatDate(wall) === date ? wall : undefined;
}

/** Minutes after midnight of `HH:MM`, or undefined. */
export function parseTime(time: string): number | undefined {
  const m = TIME.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The `YYYY-MM-DD` of a wall value. */
export function formatDate(wall: number): string {
  const d = new Date(wall);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date)! + days * DAY_MS);
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const weekdayOf = (date: string): Weekday => WEEKDAYS[new Date(parseDate(date)!).getUTCDay()];

/** The local calendar date of `instant` in `zone`. */
export const localDateOf = (instant: number, zone: string): string => formatDate(wallOf(instant, zone));

/** `+02:00` / `-04:00` / `+05:45`. */
export function formatOffset(offsetMs: number): string {
  const minutes = Math.round(offsetMs / MINUTE_MS);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO-8601 local date-time with its offset, e.g. `2026-10-25T02:30:00+01:00`: unambiguous even in the repeated hour. */
export function localIso(instant: number, zone: string): string {
  const wall = wallOf(instant, zone);
  const d = new Date(wall);
  return `${formatDate(wall)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${formatOffset(offsetAt(instant, zone))}`;
}

/** `HH:MM` of `instant` in `zone`. */
export function localTimeOf(instant: number, zone: string): string {
  const d = new Date(wallOf(instant, zone));
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
