import { randomUUID } from 'node:crypto';
import { roleAllows, type FloorBatchOperation, type Principal } from '@qtable/contracts';
import { HttpError, idempotentCreate, type RouteResult } from '@qtable/http';
import type { Context } from 'koa';
import type { GuestsDeps } from '../deps';
import type { Caller } from '../operations/change-guest';
import { settle } from '../operations/failures';
import { userActor } from '../operations/guest-events';
import { recordBatchDecided } from '../operations/guest-events';
import { applyGuestOperations, batchFailure, BatchOperationFailure, type IndexedGuestOperation } from '../operations/run-batch';
import { TABLE_BATCH_OPS, type BatchOperation, type GuestBatchOperation, type TableBatchOperation } from '../routes/batch/schemas';
import { abortUnlessDecided, claimCommit, storeGuestPart } from './decision-store';
import { FloorUnavailable, prepareInFloor } from './floor-client';

const isTableOp = (op: BatchOperation): op is TableBatchOperation => (TABLE_BATCH_OPS as readonly string[]).includes(op.op);

/** The table fields a host may change during service (as on floor's PUT); the rest needs `configure`. */
const OPERATE_FIELDS = new Set(['outOfService']);

/** The batch's table operations as floor prepares them; refuses (403, with the index) layout changes by a host. */
export function tableOperations(operations: BatchOperation[], principal: Principal, restaurantId: string): FloorBatchOperation[] {
  const role = principal.memberships[restaurantId];
  const mayConfigure = role !== undefined && roleAllows(role, 'configure');
  return operations.flatMap((op, index): FloorBatchOperation[] => {
    if (!isTableOp(op)) return [];
    switch (op.op) {
      case 'set_table_out_of_service':
        return [{ index, op: op.op, tableId: op.tableId, version: op.version, changes: { outOfService: true } }];
      case 'set_table_status':
        return [{ index, op: op.op, tableId: op.tableId, version: op.version, changes: { outOfService: op.status === 'out_of_service' } }];
      case 'update_table':
        if (!mayConfigure && Object.keys(op.data).some((key) => !OPERATE_FIELDS.has(key))) {
          throw new HttpError(403, 'forbidden', `Operation ${index} (update_table) failed, nothing was applied: changing the floor plan needs an owner or manager`, {
            index,
            op: op.op,
            cause: { requires: 'configure' },
          });
        }
        return [{ index, op: op.op, tableId: op.tableId, version: op.version, changes: op.data }];
    }
  });
}

/** The request's answer when the batch lost the decision race: floor's sweeper aborted it first. */
const decisionLost = (batchId: string) =>
  new HttpError(409, 'batch_aborted', 'The batch took too long and was aborted before it could commit; nothing was applied. Reload and retry.', { batchId });

class DecisionLost extends Error {}

/**
 * A batch with table operations (docs/batch.md): floor prepares them (validated, tables
 * locked, unapplied); then ONE guests transaction runs the guest operations and writes the
 * `committed` decision with batch.decided, the commit point; floor applies on that event
 * and guests sends batch.completed when floor reports it applied. Any failure before the
 * commit writes `aborted` (unless floor's sweeper was first) so floor drops its part.
 * No transaction is open while floor is called.
 */
export async function runMixedBatch(
  deps: GuestsDeps,
  ctx: Context,
  restaurantId: string,
  caller: Caller,
  operations: BatchOperation[],
  floorOps: FloorBatchOperation[],
): Promise<RouteResult> {
  const batchId = randomUUID();
  const actor = userActor(caller.userId);
  const abort = () => abortUnlessDecided(deps, batchId, restaurantId, actor);
  try {
    await prepareInFloor(deps, batchId, restaurantId, caller.userId, floorOps);
  } catch (err) {
    if (!(err instanceof FloorUnavailable)) throw err; // an operation's refusal: floor prepared nothing
    deps.logger.error({ batchId, reason: err.reason }, 'floor could not prepare a batch');
    if (err.maybePrepared) await abort();
    throw new HttpError(503, 'dependency_unavailable', 'The floor service is unavailable; this batch has table operations and was not applied. Retry, or send the guest operations alone.', {
      batchId,
    });
  }
  await deps.afterPrepare?.(batchId);

  const guestOps: IndexedGuestOperation[] = operations.flatMap((op, index) => (isTableOp(op) ? [] : [{ index, op: op as GuestBatchOperation }]));
  let ran = false;
  let result: RouteResult;
  try {
    result = await idempotentCreate(ctx, deps.em(), { userId: caller.userId, operation: `guests.batch:${restaurantId}` }, async (tx) => {
      ran = true;
      if (!(await claimCommit(tx, batchId, restaurantId, caller.userId))) throw new DecisionLost();
      const { results, part } = await applyGuestOperations(deps, tx, restaurantId, guestOps, caller);
      await storeGuestPart(tx, batchId, part);
      recordBatchDecided(tx, restaurantId, batchId, true, actor);
      const tableResults = floorOps.map((op) => ({ index: op.index, op: op.op, result: 'accepted' as const, tableId: op.tableId }));
      return { status: 200, body: { batchId, results: [...results, ...tableResults].sort((a, b) => a.index - b.index) } };
    });
  } catch (err) {
    if (err instanceof DecisionLost) throw decisionLost(batchId);
    await abort().catch((abortErr: unknown) => deps.logger.error({ batchId, err: abortErr }, 'recording the abort of a failed batch failed; floor resolves it after its timeout'));
    if (!(err instanceof BatchOperationFailure)) throw err;
    const inner = await settle(err.failure, deps.em);
    throw inner instanceof HttpError ? batchFailure(err, inner) : inner;
  }
  // A replayed Idempotency-Key answers the first batch; this one's preparation is dropped.
  if (!ran) await abort();
  else deps.outboxCommitted();
  return result;
}
