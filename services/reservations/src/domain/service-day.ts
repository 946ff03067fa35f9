import { addDays, localDateOf, MINUTE_MS, parseDate, resolveWall, wallOf, weekdayOf } from '@qtable/zoned-time';
import { periodBounds, SLOT_MINUTES, type BookingRules } from './booking-settings';

export const SLOT_MS = SLOT_MINUTES * MINUTE_MS;

/** One service period of one service day, as instants: its first and last possible start. */
export interface SlotWindow {
  serviceDate: string;
  period: string;
  /** First start: the first instant whose wall time is at or after the period start. */
  first: number;
  /** Last start: the last instant whose wall time is at or before the last seating. */
  last: number;
  /** The period's first and last seating as wall values (local fields as if UTC). */
  fromWall: number;
  toWall: number;
  zone: string;
}

/**
 * The start windows of a local service day. Wall times that do not exist (clocks go forward)
 * are skipped; wall times that happen twice (clocks go back) are both in the window, so a
 * period spanning the change is as long as the clock says (an hour shorter or longer).
 */
export function windowsOf(rules: BookingRules, serviceDate: string, zone: string): SlotWindow[] {
  const midnight = parseDate(serviceDate);
  if (midnight === undefined || rules.closedDates.includes(serviceDate)) return [];
  return rules.openingHours[weekdayOf(serviceDate)].map((period) => {
    const { from, to } = periodBounds(period);
    const start = resolveWall(midnight + from * MINUTE_MS, zone);
    const end = resolveWall(midnight + to * MINUTE_MS, zone);
    return {
      serviceDate,
      period: period.name,
      first: start.kind === 'unique' ? start.instant : start.kind === 'ambiguous' ? start.earlier : start.nextValid,
      last: end.kind === 'unique' ? end.instant : end.kind === 'ambiguous' ? end.later : end.nextValid - 1,
      fromWall: midnight + from * MINUTE_MS,
      toWall: midnight + to * MINUTE_MS,
      zone,
    };
  });
}

/** Whether the wall time of `instant` lies within the period (the repeated hour passes twice, both inside). */
const onTheClock = (window: SlotWindow, instant: number) => {
  const wall = wallOf(instant, window.zone);
  return wall >= window.fromWall && wall <= window.toWall;
};

/** The bookable start instants of a window, every 15 minutes of elapsed time, whose wall time is within the period. */
export function slotsOf(window: SlotWindow): number[] {
  const slots: number[] = [];
  for (let t = window.first; t <= window.last; t += SLOT_MS) if (onTheClock(window, t)) slots.push(t);
  return slots;
}

/**
 * The window a start instant belongs to: a period of its own local date, or one of the day
 * before that runs past midnight. Undefined when the restaurant does not seat then, or the
 * instant is off the 15-minute grid of the period.
 */
export function windowContaining(rules: BookingRules, instant: number, zone: string): SlotWindow | undefined {
  const date = localDateOf(instant, zone);
  for (const serviceDate of [date, addDays(date, -1)]) {
    for (const window of windowsOf(rules, serviceDate, zone)) {
      if (instant >= window.first && instant <= window.last && (instant - window.first) % SLOT_MS === 0 && onTheClock(window, instant)) return window;
    }
  }
  return undefined;
}
