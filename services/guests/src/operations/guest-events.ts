import type { EntityManager } from '@mikro-orm/postgresql';
import { BatchEvents, GuestEvents, Topics, type FloorBatchChange, type GuestView, type TableView } from '@qtable/contracts';
import { eventInsertSql, newEvent, recordEvent, type EventActor } from '@qtable/events';
import { GUESTS_SCHEMA } from '../entities';

export type GuestEventType = (typeof GuestEvents)[keyof typeof GuestEvents];

// Recorded into the outbox of the caller's unit of work, after the flush that assigned the
// version, so the event commits with the change in the same transaction.

const guestEvent = (type: Exclude<GuestEventType, 'batch.completed'>, view: GuestView, actor: EventActor) =>
  newEvent({ type, restaurantId: view.restaurantId, aggregateId: view.id, aggregateVersion: view.version, actor, data: view });

export function recordGuestEvent(em: EntityManager, type: Exclude<GuestEventType, 'batch.completed'>, view: GuestView, actor: EventActor): void {
  recordEvent(em, Topics.GUESTS, guestEvent(type, view, actor));
}

/** The same event as an outbox INSERT, for a change written as one statement (see joinWaitlist). */
export function guestEventInsertSql(type: Exclude<GuestEventType, 'batch.completed'>, view: GuestView, actor: EventActor) {
  return eventInsertSql(GUESTS_SCHEMA, Topics.GUESTS, guestEvent(type, view, actor));
}

/** One change a batch made, as listed in its batch.completed event and response. */
export interface BatchChange {
  index: number;
  op: string;
  result: 'created' | 'updated' | 'status_changed' | 'deleted' | 'unchanged';
  guestId: string;
  version: number;
}

export interface BatchCompletedData {
  batchId: string;
  /** By index; a cross-service batch lists its table changes (tableId instead of guestId) among them. */
  changes: (BatchChange | FloorBatchChange)[];
  /** Every guest the batch touched and that still exists, after the whole batch. */
  guests: GuestView[];
  deletedGuestIds: string[];
  /** Cross-service batches only: every table the batch changed, after floor applied it. */
  tables?: TableView[];
}

export function recordBatchCompleted(em: EntityManager, restaurantId: string, data: BatchCompletedData, actor: EventActor): void {
  recordEvent(
    em,
    Topics.GUESTS,
    newEvent({
      type: GuestEvents.BATCH_COMPLETED,
      restaurantId,
      aggregateId: data.batchId,
      aggregateVersion: 1,
      actor,
      data: data as unknown as Record<string, unknown>,
    }),
  );
}

export const userActor = (userId: string): EventActor => ({ type: 'user', id: userId });

/** The decision on a cross-service batch, for floor (which applies or drops its prepared part). */
export function recordBatchDecided(em: EntityManager, restaurantId: string, batchId: string, committed: boolean, actor: EventActor): void {
  recordEvent(
    em,
    Topics.GUESTS,
    newEvent({ type: BatchEvents.BATCH_DECIDED, restaurantId, aggregateId: batchId, aggregateVersion: 1, actor, data: { batchId, committed } }),
  );
}
