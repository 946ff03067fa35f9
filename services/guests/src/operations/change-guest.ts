import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GuestEvents, type GuestStatus, type GuestView } from '@qtable/contracts';
import { HttpError } from '@qtable/http';
import { freesTables, planStatusChange } from '../domain/guest-status';
import type { SeatingWarning } from '../domain/seating-rules';
import type { Guest } from '../entities';
import type { GuestsDeps } from '../deps';
import { DeferredFailure, staleGuest, TABLE_TAKEN, tableOccupied } from './failures';
import { recordGuestEvent, userActor } from './guest-events';
import { viewOf } from './guest-view';
import { checkSeating } from './check-seating';
import { occupy, release, TableTakenError } from './seating-store';

/** Editable fields of a party; absent means unchanged. `tableIds` is already normalized from tableId/tableIds. */
export interface GuestChanges {
  guestName?: string;
  partySize?: number;
  phone?: string | null;
  notes?: string | null;
  tags?: string[];
  status?: GuestStatus;
  tableIds?: string[];
  quotedWaitMinutes?: number | null;
  reservationId?: string | null;
  overrideCapacity?: boolean;
}

export interface Caller {
  userId: string;
  /** The caller's role grants `override` in this restaurant. */
  mayOverride: boolean;
}

export interface ChangeOutcome {
  view: GuestView;
  result: 'unchanged' | 'updated' | 'status_changed';
  warnings: SeatingWarning[];
}

const EDITABLE = ['guestName', 'partySize', 'phone', 'notes', 'tags', 'quotedWaitMinutes', 'reservationId'] as const;
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

/**
 * Applies `changes` to a party inside the caller's transaction: status transition, seating
 * (occupying tables in `seating`), freeing, field edits; flushes (the version check is in
 * the UPDATE) and records the event. The caller has checked the expected version.
 */
export async function changeGuest(deps: GuestsDeps, em: EntityManager, guest: Guest, changes: GuestChanges, caller: Caller): Promise<ChangeOutcome> {
  const now = deps.now();
  const from = guest.status;
  const to = changes.status ?? from;
  const requested = changes.tableIds;

  let targetTables = guest.tableIds;
  if (to === 'seated') {
    if (requested && requested.length > 0) targetTables = requested;
    else if (from !== 'seated') throw new HttpError(422, 'table_required', 'Seating needs a table: send "tableId" (or "tableIds" for joined tables)');
    else if (requested) throw new HttpError(422, 'table_required', 'A seated party keeps at least one table; complete it to free its tables');
  } else if (requested && requested.length > 0 && !sameSet(requested, guest.tableIds)) {
    // Echoing the tables a party had (a client sending back the whole view) is fine; new ones are not.
    throw new HttpError(422, 'tables_need_seating', 'Tables are assigned by seating: send "status": "seated" with them');
  }
  const tablesChanged = from === 'seated' && to === 'seated' && !sameSet(targetTables, guest.tableIds);

  const plan = planStatusChange({ from, to, tablesChanged, statusChangedAt: guest.statusChangedAt, now, noShowUndoMs: deps.config.GUESTS_NO_SHOW_UNDO_MINUTES * 60_000 });
  if (plan.kind === 'illegal') {
    throw new HttpError(409, 'illegal_transition', `A ${from} party cannot become ${to}: ${plan.reason}`, { from, to, allowed: plan.allowed, current: await viewOf(em, guest) });
  }

  const edits = EDITABLE.filter((key) => changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(guest[key]));
  const partySize = changes.partySize ?? guest.partySize;
  let warnings: SeatingWarning[] = [];
  const seatingNow = plan.kind === 'transition' && to === 'seated';
  if (seatingNow || (to === 'seated' && edits.includes('partySize'))) {
    warnings = await checkSeating(em, { guest, partySize, tableIds: targetTables, overrideRequested: changes.overrideCapacity === true, mayOverride: caller.mayOverride });
  }

  for (const key of edits) (guest as unknown as Record<string, unknown>)[key] = changes[key];
  if (plan.kind === 'transition') {
    await applyTransition(deps, em, guest, to, targetTables, now).catch((err: unknown) => {
      if (err instanceof DeferredFailure && err.message === TABLE_TAKEN) deps.counters.seatingConstraintConflicts.inc();
      throw err;
    });
  }
  if (edits.length === 0 && plan.kind === 'none') return { view: await viewOf(em, guest), result: 'unchanged', warnings };
  guest.updatedAt = now;
  await flushGuest(em, guest);
  const view = await viewOf(em, guest);
  const statusChanged = plan.kind === 'transition';
  recordGuestEvent(em, statusChanged ? GuestEvents.GUEST_STATUS_CHANGED : GuestEvents.GUEST_UPDATED, view, userActor(caller.userId));
  return { view, result: statusChanged ? 'status_changed' : 'updated', warnings };
}

/** Moves the party to `to`, keeping `seating` in step: occupy on seating, release on leaving. */
async function applyTransition(deps: GuestsDeps, em: EntityManager, guest: Guest, to: GuestStatus, targetTables: string[], now: Date): Promise<void> {
  const from = guest.status;
  try {
    if (to === 'seated') await deps.beforeOccupy?.();
    if (from === 'seated' && to === 'seated') {
      // A move: free the tables left behind first, so a move within a group never collides with itself.
      await release(em, guest.id, now, guest.tableIds.filter((id) => !targetTables.includes(id)));
      await occupy(em, guest.restaurantId, guest.id, targetTables.filter((id) => !guest.tableIds.includes(id)), now);
    } else if (to === 'seated') {
      await occupy(em, guest.restaurantId, guest.id, targetTables, now);
    } else if (freesTables(from, to)) {
      await release(em, guest.id, now);
    }
  } catch (err) {
    if (err instanceof TableTakenError) throw new DeferredFailure((fresh) => tableOccupied(fresh, err.tableId), TABLE_TAKEN);
    throw err;
  }
  if (to === 'seated') {
    guest.tableIds = targetTables;
    if (from !== 'seated') guest.seatedAt = now;
  }
  if (to === 'notified') guest.notifiedAt = now;
  if (to === 'waiting') guest.notifiedAt = null;
  if (to === 'completed') guest.completedAt = now;
  if (from !== to) guest.statusChangedAt = now;
  guest.status = to;
}

/** Flushes the party; a concurrent write (version moved under us) becomes a 409 with the current state. */
export async function flushGuest(em: EntityManager, guest: Guest): Promise<void> {
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof OptimisticLockError) throw new DeferredFailure((fresh) => staleGuest(fresh, guest.restaurantId, guest.id));
    throw err;
  }
}
