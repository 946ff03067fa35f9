import { BatchDecisionResponse } from '@qtable/contracts';
import type { FloorBatchDeps } from '../deps';
import { floorTables } from '../entities';
import { resolveBatch } from './resolve-batch';

const BATCH = 50;
const ASK_TIMEOUT_MS = 5_000;

/** Asks guests for the decision on a batch; guests records `aborted` unless a decision exists. */
async function askGuests(deps: FloorBatchDeps, batchId: string, restaurantId: string): Promise<'committed' | 'aborted' | null> {
  const base = deps.guestsUrl();
  if (!base || !deps.internalToken) return null;
  try {
    const res = await fetch(`${base.replace(/\/$/, '')}/internal/batches/${batchId}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${deps.internalToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ restaurantId }),
      signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
    });
    if (!res.ok) {
      deps.logger.warn({ batchId, status: res.status }, 'guests refused to give a batch decision');
      return null;
    }
    return BatchDecisionResponse.parse(await res.json()).decision;
  } catch (err) {
    deps.logger.warn({ batchId, err: (err as Error).message }, 'guests unreachable for a batch decision; retrying at the next sweep');
    return null;
  }
}

/**
 * Presumed abort: a batch prepared longer than the timeout ago without a decision (guests
 * crashed between prepare and commit, or its decision event is late) is resolved by asking
 * guests, which writes `aborted` unless a decision exists, so floor never applies a batch
 * guests did not commit nor drops one it did. No transaction is held while asking (on
 * PGlite guests queries the same database). Returns the batches resolved.
 */
export async function sweepUndecidedBatches(deps: FloorBatchDeps, now = new Date()): Promise<number> {
  const em = deps.em();
  const waiting = await em.execute<{ batch_id: string; restaurant_id: string }[]>(
    `select batch_id, restaurant_id from ${floorTables(em).preparedBatch} where state = 'prepared' and prepared_at <= ? order by prepared_at limit ${BATCH}`,
    [new Date(now.getTime() - deps.decisionTimeoutMs)],
  );
  let resolved = 0;
  for (const row of waiting) {
    const decision = await askGuests(deps, row.batch_id, row.restaurant_id);
    if (!decision) continue;
    const recorded = await deps.em().transactional((tx) => resolveBatch(tx, row.batch_id, decision === 'committed'));
    if (recorded) deps.outboxCommitted();
    deps.logger.info({ batchId: row.batch_id, decision }, 'undecided batch resolved by asking guests');
    resolved++;
  }
  return resolved;
}
