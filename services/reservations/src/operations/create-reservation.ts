import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReservationEvents, type Principal, type ReservationSource, type ReservationView } from '@qtable/contracts';
import { MINUTE_MS } from '@qtable/zoned-time';
import { turnMinutesFor } from '../domain/booking-settings';
import type { ReservationsDeps } from '../deps';
import { ReservationSchema } from '../entities';
import { planBooking, slotUnavailable } from './booking-plan';
import { syncHold } from './hold-sync';
import { loadRestaurantContext } from './restaurant-context';
import { recordReservationEvent, userActor } from './reservation-events';
import { resolveStart } from './start-time';
import { assignTables } from './table-assignment';
import { reservationView } from './views';

export interface NewReservation {
  guestName: string;
  phone?: string | null;
  email?: string | null;
  partySize: number;
  startsAt?: string;
  localStartsAt?: string;
  durationMinutes?: number;
  tableIds?: string[];
  notes?: string | null;
  tags?: string[];
  source: ReservationSource;
  status?: 'booked' | 'confirmed';
}

/**
 * Books a table (or joined tables) for a party, in the caller's transaction: rules checked,
 * tables picked (or the named ones taken) under the exclusion constraint, the row written
 * once at version 1, reservation.created recorded, and the hold begun if it is already due.
 */
export async function createReservation(deps: ReservationsDeps, em: EntityManager, principal: Principal, restaurantId: string, input: NewReservation): Promise<ReservationView> {
  const now = deps.clock.now();
  const ctx = await loadRestaurantContext(em, restaurantId);
  const startsAt = resolveStart(input, ctx.timeZone)!;
  const durationMinutes = input.durationMinutes ?? turnMinutesFor(ctx.rules, input.partySize);
  const request = { startsAt, partySize: input.partySize, durationMinutes, tableIds: input.tableIds };
  const plan = await planBooking(em, ctx, request, now);
  const id = randomUUID();
  const endsAt = new Date(startsAt.getTime() + durationMinutes * MINUTE_MS);
  const chosen = await assignTables(em, { reservationId: id, restaurantId, startsAt, endsAt, replace: false }, plan.candidates, () => deps.metrics.tableConflicts.inc());
  if (!chosen) throw await slotUnavailable(em, ctx, { ...request, serviceDate: plan.window.serviceDate, reason: 'tables_taken' }, now);

  const reservation = em.create(ReservationSchema, {
    id,
    restaurantId,
    guestName: input.guestName,
    phone: input.phone ?? null,
    email: input.email ?? null,
    partySize: input.partySize,
    startsAt,
    endsAt,
    durationMinutes,
    serviceDate: plan.window.serviceDate,
    tableIds: chosen.tableIds,
    status: input.status ?? 'booked',
    notes: input.notes ?? null,
    tags: input.tags ?? [],
    source: input.source,
    guestId: null,
    arrivedAt: null,
    seatedAt: null,
    completedAt: null,
    cancelledAt: null,
    holdStartsAt: new Date(startsAt.getTime() - ctx.rules.holdMinutes * MINUTE_MS),
    noShowAt: new Date(startsAt.getTime() + ctx.rules.noShowGraceMinutes * MINUTE_MS),
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await em.flush();
  const actor = userActor(principal.userId);
  const view = reservationView(reservation, ctx.timeZone);
  recordReservationEvent(em, ReservationEvents.RESERVATION_CREATED, view, actor, now);
  await syncHold(em, reservation, now, actor);
  return view;
}
