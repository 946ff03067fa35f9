import { BatchDecisionRequest, BatchDecisionResponse } from '@qtable/contracts';
import { ApiRouter, badRequest, defineRoute, requireInternalCaller, type JwtAuthenticator } from '@qtable/http';
import { z } from 'zod';
import { abortUnlessDecided } from '../../cross-batch/decision-store';
import type { GuestsDeps } from '../../deps';

const SWEEPER = { type: 'system' as const, id: 'floor.batch-sweeper' };

/** Service-to-service endpoints (shared secret, not user tokens); not routed by the public ingress. */
export function internalRouter(deps: GuestsDeps, authenticator: JwtAuthenticator): ApiRouter {
  return new ApiRouter({ authenticator }).add(
    defineRoute({
      method: 'post',
      path: '/internal/batches/:batchId/decision',
      operationId: 'internalBatchDecision',
      summary: 'Internal (floor → guests): the decision on a batch; records aborted unless it is decided (presumed abort)',
      tags: ['internal'],
      access: 'public',
      params: z.object({ batchId: z.uuid() }),
      // Parsed in the handler, after the caller is authenticated.
      body: z.unknown().meta({ description: 'BatchDecisionRequest (libs/contracts internal-batch.ts)' }),
      responses: {
        200: { description: 'The decision that holds', schema: BatchDecisionResponse },
        401: { description: 'Missing or wrong service secret' },
      },
      handler: async ({ params, body, ctx }) => {
        requireInternalCaller(ctx, deps.config.INTERNAL_API_TOKEN);
        const request = BatchDecisionRequest.safeParse(body);
        if (!request.success) {
          throw badRequest('validation_failed', 'Malformed decision request', request.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })));
        }
        const decision = await abortUnlessDecided(deps, params.batchId, request.data.restaurantId, SWEEPER);
        return { status: 200, body: { batchId: params.batchId, decision } };
      },
    }),
  );
}
