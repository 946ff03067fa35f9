import { ApiRouter, defineRoute, HttpError, idempotentCreate, type JwtAuthenticator } from '@qtable/http';
import type { GuestsDeps } from '../../deps';
import { settle } from '../../operations/failures';
import { batchFailure, BatchOperationFailure, runBatch } from '../../operations/run-batch';
import { callerOf } from '../caller';
import { batchBody, batchParams, batchResponse, FLOOR_OWNED_OPS, type BatchOperation, type GuestBatchOperation } from './schemas';

const isFloorOwned = (op: BatchOperation): boolean => (FLOOR_OWNED_OPS as readonly string[]).includes(op.op);

/**
 * A batch may only hold operations whose facts this service owns; table fields are
 * floor's. Refused before anything runs, naming the operations and where to send them
 * (docs/batch.md has the saga that would lift this).
 */
function refuseFloorOwned(operations: BatchOperation[]): void {
  const foreign = operations.flatMap((op, index) => (isFloorOwned(op) ? [{ index, op: op.op }] : []));
  if (foreign.length === 0) return;
  throw new HttpError(
    422,
    'batch_spans_services',
    'This batch mixes guest/occupancy operations with table operations owned by the floor service; one transaction cannot span both. Send the table operations to the floor API (PUT /restaurants/{id}/tables/{tableId}) and the rest here.',
    { operations: foreign, send: { guests: 'POST /restaurants/{restaurantId}/batch-update', tables: 'PUT|POST|DELETE /restaurants/{restaurantId}/tables[/{tableId}]' } },
  );
}

export function batchRouter(deps: GuestsDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator }).add(
    defineRoute({
      method: 'post',
      path: '/restaurants/:restaurantId/batch-update',
      operationId: 'batchUpdate',
      summary: 'Up to 100 guest operations (create, update incl. seating, delete, free_table, move_party) applied all-or-nothing',
      tags: ['batch'],
      access: { permission: 'operate' } as const,
      params: batchParams,
      body: batchBody,
      responses: {
        200: { description: 'Every operation applied; one batch.completed event', schema: batchResponse },
        409: { description: 'An operation conflicted (details.index names it); nothing was applied' },
        422: { description: 'An operation was refused (details.index), or batch_spans_services; nothing was applied' },
      },
      handler: async ({ principal, params, body, ctx }) => {
        refuseFloorOwned(body.operations);
        const caller = callerOf(principal, params.restaurantId);
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
