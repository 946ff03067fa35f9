import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventActor } from '@qtable/events';
import type { GuestsDeps } from '../deps';
import { tables } from '../entities';
import { recordBatchDecided } from '../operations/guest-events';

export type BatchDecision = 'committed' | 'aborted';

/**
 * Claims the commit of a cross-service batch inside its transaction: inserts `committed`
 * unless a decision exists. False when an abort was first (floor asked after its timeout):
 * the caller must then roll back. A concurrent abort waits for this transaction and, if it
 * commits, finds `committed`.
 */
export async function claimCommit(em: EntityManager, batchId: string, restaurantId: string, actorId: string): Promise<boolean> {
  const rows = await em.execute<{ batch_id: string }[]>(
    `insert into ${tables.batchDecision} ("batch_id", "restaurant_id", "decision", "actor_id") values (?, ?, 'committed', ?) on conflict do nothing returning "batch_id"`,
    [batchId, restaurantId, actorId],
  );
  return rows.length === 1;
}

/** Stores what the guest operations changed, for the batch.completed sent once floor applied its part. */
export async function storeGuestPart(em: EntityManager, batchId: string, part: unknown): Promise<void> {
  await em.execute(`update ${tables.batchDecision} set "guest_part" = ?::jsonb where "batch_id" = ?`, [JSON.stringify(part), batchId]);
}

/**
 * Decides `aborted` unless a decision exists, in its own transaction, recording
 * batch.decided with the row (so floor drops its prepared part without waiting for its
 * sweeper). Returns the decision that holds. Never called inside another transaction.
 */
export async function abortUnlessDecided(deps: Pick<GuestsDeps, 'em' | 'outboxCommitted'>, batchId: string, restaurantId: string, actor: EventActor): Promise<BatchDecision> {
  let inserted = false;
  const decision = await deps.em().transactional(async (tx) => {
    const rows = await tx.execute<{ batch_id: string }[]>(
      `insert into ${tables.batchDecision} ("batch_id", "restaurant_id", "decision", "actor_id") values (?, ?, 'aborted', ?) on conflict do nothing returning "batch_id"`,
      [batchId, restaurantId, actor.id],
    );
    if (rows.length === 1) {
      inserted = true;
      recordBatchDecided(tx, restaurantId, batchId, false, actor);
      return 'aborted' as const;
    }
    const [row] = await tx.execute<{ decision: BatchDecision }[]>(`select "decision" from ${tables.batchDecision} where "batch_id" = ?`, [batchId]);
    return row.decision;
  });
  if (inserted) deps.outboxCommitted();
  return decision;
}
