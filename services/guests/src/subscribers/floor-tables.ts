import type { EntityManager } from '@mikro-orm/postgresql';
import { FloorEvents, Topics } from '@qtable/contracts';
import { idempotent, type DeliveredEvent, type EventBus } from '@qtable/events';
import type { ServiceOrm } from '@qtable/db';
import { z } from 'zod';
import type { GuestsDeps } from '../deps';
import { tables } from '../entities';

export const FLOOR_TABLES_SUBSCRIPTION = 'guests.tables';

const TABLE_EVENTS: string[] = [FloorEvents.TABLE_CREATED, FloorEvents.TABLE_UPDATED, FloorEvents.TABLE_STATUS_CHANGED, FloorEvents.TABLE_DELETED];

/** The part of floor's TableView that seating needs; the rest is kept as is for the dashboard. */
const TableData = z.looseObject({
  id: z.uuid(),
  restaurantId: z.uuid(),
  number: z.string().max(50),
  capacity: z.number().int().min(0),
  minCapacity: z.number().int().min(0).nullable().optional(),
  outOfService: z.boolean(),
  combinableWith: z.array(z.uuid()).default([]),
  deleted: z.boolean().optional(),
});

/**
 * Applies one floor table event to the projection. Newer wins: a row is written only if
 * the event's aggregateVersion is above the stored one, or equal while the row is live
 * (a redelivery, or a delete that did not bump the version). So a late or replayed older
 * event never undoes a newer state, and a deleted table stays deleted (tombstone row).
 */
export async function projectTableEvent(em: EntityManager, event: DeliveredEvent, onSkip: (reason: string) => void): Promise<void> {
  const { envelope } = event;
  if (!TABLE_EVENTS.includes(envelope.type)) return;
  const parsed = TableData.safeParse(envelope.data);
  if (!parsed.success || parsed.data.restaurantId !== envelope.restaurantId || parsed.data.id !== envelope.aggregateId) {
    // A malformed event would block the partition forever if we threw: record and skip it.
    onSkip('malformed');
    return;
  }
  const table = parsed.data;
  const deleted = envelope.type === FloorEvents.TABLE_DELETED || table.deleted === true;
  const written = await em.execute<{ id: string }[]>(
    `insert into ${tables.floorTable} as t ("id", "restaurant_id", "number", "capacity", "min_capacity", "out_of_service", "combinable_with", "view", "deleted", "aggregate_version", "updated_at")
     values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, now())
     on conflict ("id") do update set
       "number" = excluded."number", "capacity" = excluded."capacity", "min_capacity" = excluded."min_capacity",
       "out_of_service" = excluded."out_of_service", "combinable_with" = excluded."combinable_with", "view" = excluded."view",
       "deleted" = excluded."deleted", "aggregate_version" = excluded."aggregate_version", "updated_at" = now()
     where t."restaurant_id" = excluded."restaurant_id"
       and (excluded."aggregate_version" > t."aggregate_version" or (excluded."aggregate_version" = t."aggregate_version" and not t."deleted"))
     returning "id"`,
    [
      table.id,
      table.restaurantId,
      table.number,
      table.capacity,
      table.minCapacity ?? null,
      table.outOfService,
      JSON.stringify(table.combinableWith),
      JSON.stringify(envelope.data),
      deleted,
      envelope.aggregateVersion,
    ],
  );
  if (written.length === 0) onSkip('stale');
}

/** Subscribes the projection of floor's tables (id `guests.tables`), each event handled once. */
export async function subscribeFloorTables(bus: EventBus, orm: ServiceOrm, deps: GuestsDeps): Promise<void> {
  await bus.subscribe({
    id: FLOOR_TABLES_SUBSCRIPTION,
    topics: [Topics.FLOOR],
    onEvent: idempotent(orm, FLOOR_TABLES_SUBSCRIPTION, async (em, event) => {
      let skipped: string | undefined;
      await projectTableEvent(em, event, (reason) => {
        skipped = reason;
        if (reason === 'malformed') deps.logger.error({ eventId: event.envelope.id, type: event.envelope.type }, 'malformed floor table event skipped');
      });
      if (TABLE_EVENTS.includes(event.envelope.type)) deps.counters.tableProjection.inc({ outcome: skipped ?? 'applied' });
    }),
  });
}
