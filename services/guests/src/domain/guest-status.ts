import type { GuestStatus } from '@qtable/contracts';

/**
 * Where a party may go from each status. `seated → seated` is a table move; the finals
 * (completed, cancelled, no_show) go nowhere, except that a no-show may be undone back to
 * waiting within a short window (the party was in the restroom when the host called).
 */
export const TRANSITIONS: Readonly<Record<GuestStatus, readonly GuestStatus[]>> = {
  waiting: ['notified', 'seated', 'cancelled', 'no_show'],
  notified: ['seated', 'waiting', 'cancelled', 'no_show'],
  seated: ['seated', 'completed'],
  completed: [],
  cancelled: [],
  no_show: ['waiting'],
};

/** Statuses that hold a place in the waitlist (and so have a `position`). */
export const QUEUED_STATUSES: readonly GuestStatus[] = ['waiting', 'notified'];
export const isQueued = (status: GuestStatus) => QUEUED_STATUSES.includes(status);

export type StatusChange =
  /** Same status and (for seated) same tables: only other fields change, if any. */
  | { kind: 'none' }
  | { kind: 'transition'; from: GuestStatus; to: GuestStatus }
  | { kind: 'illegal'; from: GuestStatus; to: GuestStatus; allowed: GuestStatus[]; reason: string };

export interface StatusChangeInput {
  from: GuestStatus;
  to: GuestStatus;
  /** For seated → seated: whether the requested tables differ from the current ones. */
  tablesChanged: boolean;
  /** When the party entered its current status (for the no-show undo window). */
  statusChangedAt: Date;
  now: Date;
  noShowUndoMs: number;
}

/** Decides whether a requested status is no change, a legal transition or an illegal one. */
export function planStatusChange(input: StatusChangeInput): StatusChange {
  const { from, to } = input;
  if (from === to && !(from === 'seated' && input.tablesChanged)) return { kind: 'none' };
  const allowed = allowedFrom(from, input);
  if (allowed.includes(to)) return { kind: 'transition', from, to };
  const reason =
    from === 'no_show' && to === 'waiting'
      ? `a no-show can be undone only within ${Math.round(input.noShowUndoMs / 60000)} minutes`
      : allowed.length === 0
        ? `${from} is final`
        : `${from} can become ${allowed.join(', ')}`;
  return { kind: 'illegal', from, to, allowed, reason };
}

/** The statuses reachable from `from` now (the no-show undo closes after its window). */
export function allowedFrom(from: GuestStatus, timing: Pick<StatusChangeInput, 'statusChangedAt' | 'now' | 'noShowUndoMs'>): GuestStatus[] {
  if (from === 'no_show') {
    return timing.now.getTime() - timing.statusChangedAt.getTime() <= timing.noShowUndoMs ? ['waiting'] : [];
  }
  return [...TRANSITIONS[from]];
}

/** Leaving `seated` (or deleting a seated party) frees its tables. */
export const freesTables = (from: GuestStatus, to: GuestStatus) => from === 'seated' && to !== 'seated';
