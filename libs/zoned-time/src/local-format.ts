import { formatDate, pad } from './calendar';
import { MINUTE_MS, offsetAt, wallOf } from './zone-offset';

/** The local calendar date (`YYYY-MM-DD`) of `instant` in `zone`. */
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
