import { BatchEvents, Topics } from '@qtable/contracts';
import { idempotent, type Subscription } from '@qtable/events';
import type { ServiceOrm } from '@qtable/db';
import { z } from 'zod';
import type { FloorDeps } from '../deps';
import { resolveBatch } from './resolve-batch';

export const BATCH_DECISIONS_SUBSCRIPTION = 'floor.batch-decisions';

const Decided = z.object({ batchId: z.uuid(), committed: z.boolean() });

/**
 * Applies (or drops) floor's part of a batch when guests' decision arrives through its
 * outbox: at least once, handled once per event, and resolveBatch itself is idempotent
 * by batch id (the sweeper may have resolved it first).
 */
export function batchDecisionsSubscription(orm: ServiceOrm, deps: FloorDeps): Subscription {
  return {
    id: BATCH_DECISIONS_SUBSCRIPTION,
    topics: [Topics.GUESTS],
    onEvent: async (event) => {
      if (event.envelope.type !== BatchEvents.BATCH_DECIDED) return;
      const parsed = Decided.safeParse(event.envelope.data);
      if (!parsed.success) {
        deps.logger.warn({ eventId: event.envelope.id }, 'batch.decided without a usable decision; skipped');
        return;
      }
      let recorded = false;
      await idempotent(orm, BATCH_DECISIONS_SUBSCRIPTION, async (em) => {
        recorded = await resolveBatch(em, parsed.data.batchId, parsed.data.committed);
      })(event);
      if (recorded) deps.outboxCommitted();
    },
  };
}
