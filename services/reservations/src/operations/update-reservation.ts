import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReservationEvents, type Principal, type ReservationSource, type ReservationStatus, type ReservationView } from '@qtable/contracts';
import { notFound, staleVersion } from '@qtable/http';
import { MINUTE_MS } from '@qtable/zoned-time';
import { turnMinutesFor } from '../domain/booking-settings';
import { checkStatusRequest, isUpcoming } from '../domain/reservation-status';
import type { ReservationsDeps } from '../deps';
import { ReservationSchema, type Reservation } from '../entities';
import { planBooking, slotUnavailable } from './booking-plan';
import { invalidTransition } from './errors';
import { syncHold } from './hold-sync';
import { loadRestaurantContext, type RestaurantContext } from './restaurant-context';
import { recordReservationEvent, userActor } from './reservation-events';
import { resolveStart } from './start-time';
import { assignTables, reactivateTableRows, releaseTableRows } from './table-assignment';
import { reservationView } from './views';

export interface ReservationChanges {
  guestName?: string;
  phone?: string | null;
  email?: string | null;
  partySize?: number;
  startsAt?: string;
  localStartsAt?: string;
  durationMinutes?: number;
  tableIds?: string[];
  notes?: string | null;
  tags?: string[];
  source?: ReservationSource;
  status?: ReservationStatus;
}

const CONTACT_FIELDS = ['guestName', 'phone', 'email', 'notes', 'tags', 'source'] as const;
const sameSet = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();

/**
 * Changes a reservation at a known version (409 with the current state when stale): contact
 * details and notes at any time; time, party size, duration and tables while the party is
 * expected (the new tables go through the exclusion constraint, the old ones are released in
 * the same transaction); status as checkStatusRequest allows. No change, no new version.
 */
export async function updateReservation(
  deps: ReservationsDeps,
  principal: Principal,
  restaurantId: string,
  reservationId: string,
  changes: ReservationChanges,
  expectedVersion: number,
): Promise<ReservationView> {
  const view = await deps.em().transactional(async (em) => {
    const now = deps.clock.now();
    const ctx = await loadRestaurantContext(em, restaurantId);
    // Locked: a concurrent writer (another host, the sweeper, a seating event) waits, then sees our version.
    const r = await em.findOne(ReservationSchema, { id: reservationId, restaurantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!r) throw notFound('Reservation');
    if (r.version !== expectedVersion) throw staleVersion(reservationView(r, ctx.timeZone));

    let changed = false;
    for (const field of CONTACT_FIELDS) {
      const value = changes[field];
      if (value === undefined || JSON.stringify(value) === JSON.stringify(r[field])) continue;
      Object.assign(r, { [field]: value });
      changed = true;
    }

    const from = r.status;
    const to = changes.status ?? from;
    const statusCheck = checkStatusRequest(from, to);
    if (!statusCheck.ok) throw invalidTransition(statusCheck.reason);
    if (await rebookIfAsked(deps, em, ctx, r, changes, to, now)) changed = true;
    if (statusCheck.changed) {
      await applyStatus(em, ctx, r, to, now);
      changed = true;
    }
    if (!changed) return reservationView(r, ctx.timeZone);

    r.updatedAt = now;
    await em.flush();
    const actor = userActor(principal.userId);
    const after = reservationView(r, ctx.timeZone);
    const type =
      to === from ? ReservationEvents.RESERVATION_UPDATED
      : to === 'cancelled' ? ReservationEvents.RESERVATION_CANCELLED
      : to === 'no_show' ? ReservationEvents.RESERVATION_NO_SHOW
      : ReservationEvents.RESERVATION_UPDATED;
    recordReservationEvent(em, type, after, actor, now);
    await syncHold(em, r, now, actor);
    return after;
  });
  deps.outboxCommitted();
  return view;
}

/** Moves or resizes the booking when the request changes its time, size, duration or tables. */
async function rebookIfAsked(
  deps: ReservationsDeps,
  em: EntityManager,
  ctx: RestaurantContext,
  r: Reservation,
  changes: ReservationChanges,
  to: ReservationStatus,
  now: Date,
): Promise<boolean> {
  const startsAt = resolveStart(changes, ctx.timeZone) ?? r.startsAt;
  const partySize = changes.partySize ?? r.partySize;
  const durationMinutes = changes.durationMinutes ?? (partySize !== r.partySize ? turnMinutesFor(ctx.rules, partySize) : r.durationMinutes);
  const moved = startsAt.getTime() !== r.startsAt.getTime();
  const tablesAsked = changes.tableIds !== undefined && !sameSet(changes.tableIds, r.tableIds);
  if (!moved && partySize === r.partySize && durationMinutes === r.durationMinutes && !tablesAsked) return false;
  if (!isUpcoming(r.status) || !isUpcoming(to)) {
    throw invalidTransition(`a ${to === r.status ? r.status : to} reservation keeps its time, size and tables`);
  }

  const request = {
    startsAt,
    partySize,
    durationMinutes,
    tableIds: changes.tableIds,
    preferTableIds: r.tableIds,
    excludeReservationId: r.id,
    allowPast: !moved,
  };
  const plan = await planBooking(em, ctx, request, now);
  const endsAt = new Date(startsAt.getTime() + durationMinutes * MINUTE_MS);
  const chosen = await assignTables(em, { reservationId: r.id, restaurantId: r.restaurantId, startsAt, endsAt, replace: true }, plan.candidates, () =>
    deps.metrics.tableConflicts.inc(),
  );
  if (!chosen) throw await slotUnavailable(em, ctx, { ...request, serviceDate: plan.window.serviceDate, reason: 'tables_taken' }, now);
  Object.assign(r, {
    startsAt,
    endsAt,
    partySize,
    durationMinutes,
    serviceDate: plan.window.serviceDate,
    tableIds: chosen.tableIds,
    holdStartsAt: new Date(startsAt.getTime() - ctx.rules.holdMinutes * MINUTE_MS),
    noShowAt: new Date(startsAt.getTime() + ctx.rules.noShowGraceMinutes * MINUTE_MS),
  });
  return true;
}

async function applyStatus(em: EntityManager, ctx: RestaurantContext, r: Reservation, to: ReservationStatus, now: Date): Promise<void> {
  if (to === 'cancelled') {
    r.cancelledAt = now;
    await releaseTableRows(em, r.id);
  } else if (to === 'no_show') {
    await releaseTableRows(em, r.id);
  } else if (to === 'arrived') {
    if (r.status === 'no_show' && !(await reactivateTableRows(em, r.id))) {
      const request = { startsAt: r.startsAt, partySize: r.partySize, durationMinutes: r.durationMinutes, tableIds: r.tableIds, excludeReservationId: r.id };
      throw await slotUnavailable(em, ctx, { ...request, serviceDate: r.serviceDate, reason: 'tables_taken' }, now);
    }
    r.arrivedAt = now;
  }
  r.status = to;
}
