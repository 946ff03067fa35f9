import type { ReservationStatus } from '@qtable/contracts';
import { NO_SHOW_CANDIDATES, UPCOMING_STATUSES } from './reservation-status';

/** The hold floor was told about: its tables show `reserved` until released. */
export interface HeldSnapshot {
  tableIds: string[];
  startsAt: string;
  /** The latest the hold can last (the booking's end); TABLES_RELEASED usually ends it sooner. */
  holdUntil: string;
}

export interface HoldFacts {
  status: ReservationStatus;
  tableIds: string[];
  startsAt: Date;
  endsAt: Date;
  holdStartsAt: Date;
  noShowAt: Date;
}

/**
 * Whether a booking's tables should be held now, and when the sweeper must look at it next.
 *
 * The hold runs from `holdStartsAt` (start minus the hold minutes) while the party is
 * expected (booked, confirmed, arrived and waiting) and ends when it is seated (floor then
 * shows the party), cancelled, marked no-show, or at the booking's end at the latest.
 * `nextSweepAt`: the next moment something changes without a request — the hold begins,
 * the grace period runs out (no-show), or the hold lapses.
 */
export function planHold(f: HoldFacts, now: Date): { hold: HeldSnapshot | null; nextSweepAt: Date | null } {
  const t = now.getTime();
  const expected = UPCOMING_STATUSES.includes(f.status) && f.tableIds.length > 0;
  const held = expected && f.holdStartsAt.getTime() <= t && t < f.endsAt.getTime();
  let next: number | null = null;
  const consider = (at: number) => {
    if (next === null || at < next) next = at;
  };
  if (NO_SHOW_CANDIDATES.includes(f.status)) consider(f.noShowAt.getTime());
  if (expected && t < f.holdStartsAt.getTime()) consider(f.holdStartsAt.getTime());
  if (held) consider(f.endsAt.getTime());
  return {
    hold: held ? { tableIds: [...f.tableIds].sort(), startsAt: f.startsAt.toISOString(), holdUntil: f.endsAt.toISOString() } : null,
    nextSweepAt: next === null ? null : new Date(next),
  };
}

export const sameHold = (a: HeldSnapshot | null, b: HeldSnapshot | null) =>
  a === b || (a !== null && b !== null && a.startsAt === b.startsAt && a.holdUntil === b.holdUntil && a.tableIds.join() === b.tableIds.join());
