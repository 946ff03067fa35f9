// Calendar dates (`YYYY-MM-DD`) and wall times (`HH:MM`), zone-free: a date is its wall value
// at local midnight, so a day later is plain arithmetic.
import { DAY_MS } from './zone-offset';

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

/** `n` zero-padded to `width` digits. */
export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The `YYYY-MM-DD` of a wall value. */
export function formatDate(wall: number): string {
  const d = new Date(wall);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The date `days` calendar days after `date` (a valid `YYYY-MM-DD`; negative goes back). */
export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date)! + days * DAY_MS);
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The weekday of a valid `YYYY-MM-DD`. */
export const weekdayOf = (date: string): Weekday => WEEKDAYS[new Date(parseDate(date)!).getUTCDay()];
