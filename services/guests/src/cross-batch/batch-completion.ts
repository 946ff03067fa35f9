import { BatchEvents, Topics, type FloorBatchChange, type TableView } from '@qtable/contracts';
import type { ServiceOrm } from '@qtable/db';
import { idempotent, type EventBus } from '@qtable/events';
import { z } from 'zod';
import type { GuestsDeps } from '../deps';
import { tables } from '../entities';
import { recordBatchCompleted, type BatchCompletedData } from '../operations/guest-events';

export const BATCH_COMPLETION_SUBSCRIPTION = 'guests.batch-completion';

const FloorApplied = z.object({
  batchId: z.uuid(),
  changes: z.array(z.looseObject({ index: z.number().int(), tableId: z.uuid() })).max(100),
  tables: z.array(z.looseObject({ id: z.uuid() })).max(100),
});

interface DecisionRow {
  restaurant_id: string;
  actor_id: string | null;
  guest_part: Omit<BatchCompletedData, 'batchId'> | null;
}

/**
 * The end of a cross-service batch: when floor reports its part applied, guests records
 * the ONE batch.completed (realtime atomic_transaction_complete) listing the changes of
 * both services, so a device applying it sees the whole batch at once. Once per batch
 * (completed_at), whatever the redeliveries.
 */
export async function subscribeBatchCompletion(bus: EventBus, orm: ServiceOrm, deps: GuestsDeps): Promise<void> {
  await bus.subscribe({
    id: BATCH_COMPLETION_SUBSCRIPTION,
    topics: [Topics.FLOOR],
    onEvent: async (event) => {
      if (event.envelope.type !== BatchEvents.BATCH_FLOOR_APPLIED) return;
      const parsed = FloorApplied.safeParse(event.envelope.data);
      if (!parsed.success) {
        deps.logger.error({ eventId: event.envelope.id }, 'batch.floor_applied without usable data; skipped');
        return;
      }
      let recorded = false;
      await idempotent(orm, BATCH_COMPLETION_SUBSCRIPTION, async (em) => {
        const [row] = await em.execute<DecisionRow[]>(
          `select "restaurant_id", "actor_id", "guest_part" from ${tables.batchDecision}
           where "batch_id" = ? and "decision" = 'committed' and "completed_at" is null for update`,
          [parsed.data.batchId],
        );
        if (!row?.guest_part) return;
        const part = row.guest_part;
        const floorChanges = parsed.data.changes as unknown as FloorBatchChange[];
        recordBatchCompleted(
          em,
          row.restaurant_id,
          {
            batchId: parsed.data.batchId,
            changes: [...part.changes, ...floorChanges].sort((a, b) => a.index - b.index),
            guests: part.guests,
            deletedGuestIds: part.deletedGuestIds,
            tables: parsed.data.tables as unknown as TableView[],
          },
          { type: 'user', id: row.actor_id ?? 'unknown' },
        );
        await em.execute(`update ${tables.batchDecision} set "completed_at" = now() where "batch_id" = ?`, [parsed.data.batchId]);
        recorded = true;
      })(event);
      if (recorded) deps.outboxCommitted();
    },
  });
}
