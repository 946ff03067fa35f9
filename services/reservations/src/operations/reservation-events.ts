import type { EntityManager } from '@mikro-orm/postgresql';
import { ReservationEvents, Topics, type ReservationView } from '@qtable/contracts';
import { newEvent, recordEvent, type EventActor } from '@qtable/events';
import type { TablesHeldData, TablesReleasedData } from '../contracts/reservation-events';

// Recorded into the outbox of the caller's unit of work, so each event commits with its
// change in the same transaction.

type ReservationEventType = (typeof ReservationEvents)[
  'RESERVATION_CREATED' | 'RESERVATION_UPDATED' | 'RESERVATION_CANCELLED' | 'RESERVATION_SEATED' | 'RESERVATION_NO_SHOW'
];

export function recordReservationEvent(em: EntityManager, type: ReservationEventType, view: ReservationView, actor: EventActor | null, now: Date): void {
  recordEvent(
    em,
    Topics.RESERVATIONS,
    newEvent({ type, restaurantId: view.restaurantId, aggregateId: view.id, aggregateVersion: view.version, actor, data: view, occurredAt: now }),
  );
}

/**
 * Hold events change no reservation field, so they cannot carry the reservation's version:
 * their aggregateVersion is the reservation's own hold counter (1, 2, 3 …), increasing with
 * every hold event, so that a consumer that drops versions it has seen keeps a release
 * and a new hold recorded in one transaction.
 */
export function recordHoldEvent(
  em: EntityManager,
  event:
    | { type: typeof ReservationEvents.TABLES_HELD; data: TablesHeldData }
    | { type: typeof ReservationEvents.TABLES_RELEASED; data: TablesReleasedData },
  meta: { restaurantId: string; holdSeq: number; actor: EventActor | null; now: Date },
): void {
  recordEvent(
    em,
    Topics.RESERVATIONS,
    newEvent({
      type: event.type,
      restaurantId: meta.restaurantId,
      aggregateId: event.data.reservationId,
      aggregateVersion: meta.holdSeq,
      actor: meta.actor,
      data: event.data as unknown as Record<string, unknown>,
      occurredAt: meta.now,
    }),
  );
}

export const userActor = (userId: string): EventActor => ({ type: 'user', id: userId });
export const systemActor = (process: string): EventActor => ({ type: 'system', id: process });
