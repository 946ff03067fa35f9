// Wall-clock time in an IANA zone, with Intl only (Temporal is not in Node 20). Instants are
// epoch milliseconds; a "wall" value is the local date and time encoded as if it were UTC
// (Date.UTC of the local fields), which makes local arithmetic plain numbers.

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

/** Whether `zone` is an IANA zone this runtime knows (Intl throws a RangeError otherwise). */
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

// Offsets change only at transitions, which fall on whole minutes (at most seconds in
// 19th-century LMT): one ICU call per zone and minute serves every later question about it.
// Availability asks hundreds per search.
const offsets = new Map<string, number>();
const MAX_CACHED_OFFSETS = 100_000;

/** The zone's offset from UTC at `instant`, in milliseconds (Berlin in summer: +7 200 000; New York in winter: −18 000 000). */
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
