import { firstInstantAtOrAfter } from './resolve-wall';
import { DAY_MS, offsetAt } from './zone-offset';

/** A calendar day: [start, end) in UTC instants, and its local date. */
export interface LocalDay {
  start: Date;
  end: Date;
  /** The local calendar date, `YYYY-MM-DD`. */
  date: string;
}

/**
 * The calendar day containing `now` in `zone`, from local midnight to the next local midnight.
 * Not always 24 hours: 23 on the day clocks go forward, 25 on the day they go back; where
 * clocks skip midnight itself, the day starts when the gap ends (01:00).
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
