import { PrepareBatchRequest } from '@qtable/contracts';
import { ApiRouter, badRequest, defineRoute, requireInternalCaller, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import { prepareBatch } from '../../batch/prepare-batch';
import type { FloorBatchDeps } from '../../deps';

/** Service-to-service endpoints (shared secret, not user tokens); not routed by the public ingress. */
export function internalRouter(deps: FloorBatchDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator }).add(
    defineRoute({
      method: 'post',
      path: '/internal/batches/:batchId/prepare',
      operationId: 'internalPrepareBatch',
      summary: 'Internal (guests → floor): validate and lock the table operations of a cross-service batch, unapplied until guests decides',
      tags: ['internal'],
      access: 'public',
      params: z.object({ batchId: z.uuid() }),
      // Parsed in the handler, after the caller is authenticated: strangers learn nothing of the shape.
      body: z.unknown().meta({ description: 'PrepareBatchRequest (libs/contracts internal-batch.ts)' }),
      responses: {
        200: { description: 'Prepared: the tables are locked until the decision', schema: z.object({ batchId: z.uuid(), prepared: z.literal(true) }) },
        401: { description: 'Missing or wrong service secret' },
        409: { description: 'An operation conflicted (version_conflict, table_locked_by_batch); details.index names it' },
        422: { description: 'An operation was refused (not_found, table_repeated_in_batch, min_capacity_exceeds_capacity)' },
      },
      handler: async ({ params, body, ctx }) => {
        requireInternalCaller(ctx, deps.internalToken);
        const request = PrepareBatchRequest.safeParse(body);
        if (!request.success) {
          throw badRequest('validation_failed', 'Malformed prepare request', request.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })));
        }
        await deps.em().transactional((tx) => prepareBatch(tx, params.batchId, request.data));
        return { status: 200, body: { batchId: params.batchId, prepared: true } };
      },
    }),
  );
}
