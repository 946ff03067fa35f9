import { FloorEvents, Topics } from '@qtable/contracts';
import type { ServiceOrm } from '@qtable/db';
import { idempotent, type EventBus } from '@qtable/events';
import type { Logger } from '@qtable/observability';
import { z } from 'zod';
import { tableOf } from '../operations/sql';

export const FLOOR_TABLES_SUBSCRIPTION = 'reservations.floor-tables';

// The fields of floor's TableView that booking uses; read loosely so that floor may add fields.
const TableData = z.object({
  id: z.uuid(),
  restaurantId: z.uuid(),
  number: z.string().max(50),
  capacity: z.number().int().min(0).max(1000),
  minCapacity: z.number().int().min(0).max(1000).nullable().optional(),
  combinableWith: z.array(z.uuid()).max(200).optional(),
  outOfService: z.boolean().optional(),
  partyId: z.uuid().nullable().optional(),
});

const TYPES: string[] = [FloorEvents.TABLE_CREATED, FloorEvents.TABLE_UPDATED, FloorEvents.TABLE_STATUS_CHANGED, FloorEvents.TABLE_DELETED];

/**
 * Projects floor's tables: capacity, combinations and out-of-service for availability, and
 * the party seated now (with when it sat down) so that times near now skip occupied tables.
 * Idempotent by event id; an event older than the row's version is ignored, and a deleted
 * table stays as a tombstone so that a late update cannot bring it back.
 */
export async function subscribeFloorTables(deps: { orm: ServiceOrm; bus: EventBus; logger: Logger }): Promise<void> {
  await deps.bus.subscribe({
    id: FLOOR_TABLES_SUBSCRIPTION,
    topics: [Topics.FLOOR],
    onEvent: idempotent(deps.orm, FLOOR_TABLES_SUBSCRIPTION, async (em, { envelope }) => {
      if (!TYPES.includes(envelope.type)) return;
      const parsed = TableData.safeParse(envelope.data);
      if (!parsed.success || parsed.data.restaurantId !== envelope.restaurantId) {
        deps.logger.warn({ eventId: envelope.id, type: envelope.type }, 'ignoring a table event whose data is not a table of its restaurant');
        return;
      }
      const t = parsed.data;
      const at = new Date(envelope.occurredAt);
      const deleted = envelope.type === FloorEvents.TABLE_DELETED;
      const partyId = deleted ? null : (t.partyId ?? null);
      await em.execute(
        `insert into ${tableOf(em, 'floor_table')} as t
           ("id", "restaurant_id", "number", "capacity", "min_capacity", "combinable_with", "out_of_service", "party_id", "occupied_since", "deleted", "aggregate_version", "updated_at")
         values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
         on conflict ("id") do update set
           "number" = excluded."number", "capacity" = excluded."capacity", "min_capacity" = excluded."min_capacity",
           "combinable_with" = excluded."combinable_with", "out_of_service" = excluded."out_of_service",
           "occupied_since" = case
             when excluded."party_id" is null then null
             when t."party_id" is distinct from excluded."party_id" then excluded."occupied_since"
             else t."occupied_since" end,
           "party_id" = excluded."party_id", "deleted" = excluded."deleted",
           "aggregate_version" = excluded."aggregate_version", "updated_at" = excluded."updated_at"
         where t."aggregate_version" < excluded."aggregate_version" and t."restaurant_id" = excluded."restaurant_id"`,
        [
          t.id,
          t.restaurantId,
          t.number,
          t.capacity,
          t.minCapacity ?? null,
          JSON.stringify(t.combinableWith ?? []),
          t.outOfService ?? false,
          partyId,
          partyId ? at : null,
          deleted,
          envelope.aggregateVersion,
          at,
        ],
      );
    }),
  });
}
