import { ApiRouter, defineRoute, HttpError, idempotentCreate, type JwtAuthenticator } from '@qtable/http';
import type { GuestsDeps } from '../../deps';
import { settle } from '../../operations/failures';
import { batchFailure, BatchOperationFailure, runBatch } from '../../operations/run-batch';
import { runMixedBatch, tableOperations } from '../../cross-batch/run-mixed-batch';
import { callerOf } from '../caller';
import { batchBody, batchParams, batchResponse, FLOOR_OWNED_OPS, type BatchOperation, type GuestBatchOperation } from './schemas';

const isFloorOwned = (op: BatchOperation): boolean => (FLOOR_OWNED_OPS as readonly string[]).includes(op.op);

/**
 * Creating or deleting tables and sections cannot join a batch (docs/batch.md): refused
 * before anything runs, naming the operations and where to send them. Table operations
 * that can (out of service, capacity, layout) go through the cross-service batch.
 */
function refuseFloorOwned(operations: BatchOperation[]): void {
  const foreign = operations.flatMap((op, index) => (isFloorOwned(op) ? [{ index, op: op.op }] : []));
  if (foreign.length === 0) return;
  throw new HttpError(
    422,
    'batch_spans_services',
    'This batch contains floor-plan operations (creating or deleting tables or sections) that a batch cannot carry; send them to the floor API and the rest here.',
    { operations: foreign, send: { guests: 'POST /restaurants/{restaurantId}/batch-update', tables: 'PUT|POST|DELETE /restaurants/{restaurantId}/tables[/{tableId}]' } },
  );
}

export function batchRouter(deps: GuestsDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator }).add(
    defineRoute({
      method: 'post',
      path: '/restaurants/:restaurantId/batch-update',
      operationId: 'batchUpdate',
      summary:
        'Up to 100 operations applied all-or-nothing: guest operations (create, update incl. seating, delete, free_table, move_party) and table operations (set_table_out_of_service, set_table_status, update_table) applied by floor atomically with them',
      tags: ['batch'],
      access: { permission: 'operate' } as const,
      params: batchParams,
      body: batchBody,
      responses: {
        200: { description: 'Every operation applied; one batch.completed event', schema: batchResponse },
        403: { description: 'An operation needs a higher role (details.index); nothing was applied' },
        409: { description: 'An operation conflicted (details.index names it; table_locked_by_batch included), or batch_aborted; nothing was applied' },
        422: { description: 'An operation was refused (details.index), or batch_spans_services; nothing was applied' },
        503: { description: 'dependency_unavailable: the batch has table operations and floor could not prepare them; nothing was applied' },
      },
      handler: async ({ principal, params, body, ctx }) => {
        refuseFloorOwned(body.operations);
        const caller = callerOf(principal, params.restaurantId);
        const floorOps = tableOperations(body.operations, principal, params.restaurantId);
        if (floorOps.length > 0) return runMixedBatch(deps, ctx, params.restaurantId, caller, body.operations, floorOps);
        let result;
        try {
          result = await idempotentCreate(ctx, deps.em(), { userId: principal.userId, operation: `guests.batch:${params.restaurantId}` }, async (tx) => ({
            status: 200,
            body: await runBatch(deps, tx, params.restaurantId, body.operations as GuestBatchOperation[], caller),
          }));
        } catch (err) {
          if (!(err instanceof BatchOperationFailure)) throw err;
          const inner = await settle(err.failure, deps.em);
          throw inner instanceof HttpError ? batchFailure(err, inner) : inner;
        }
        if (result.headers?.['Idempotent-Replayed'] !== 'true') deps.outboxCommitted();
        return result;
      },
    }),
  );
}
