import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runIdempotent } from '@qtable/db';
import type { Context } from 'koa';
import { HttpError } from './errors';
import type { RouteResult } from './api/define-route';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * A create that honours `Idempotency-Key` (flaky restaurant Wi-Fi retries a POST): the
 * first result is stored with the write in one transaction and replayed for a retry with
 * the same key and body; the same key with another body answers 422. Without the header
 * the operation simply runs in a transaction. Keys are scoped per user and route.
 */
export async function idempotentCreate(
  ctx: Context,
  em: EntityManager,
  scope: { userId: string; operation: string },
  operation: (em: EntityManager) => Promise<RouteResult>,
): Promise<RouteResult> {
  const key = ctx.get('Idempotency-Key');
  if (!key) return em.transactional((tx) => operation(tx));
  if (!KEY_PATTERN.test(key)) throw new HttpError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1-255 visible ASCII characters');

  const requestHash = createHash('sha256')
    .update(`${ctx.method} ${ctx.path}\n${JSON.stringify(ctx.request.body ?? null)}`)
    .digest('hex');
  let headers: Record<string, string> | undefined;
  const outcome = await runIdempotent(em, { scope: `${scope.userId}:${scope.operation}`, key, requestHash }, async (tx) => {
    const result = await operation(tx);
    headers = result.headers;
    return { status: result.status, body: result.body };
  });
  if (outcome.kind === 'mismatch') {
    throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request');
  }
  if (outcome.kind === 'replayed') {
    return { ...outcome.response, headers: { 'Idempotent-Replayed': 'true' } };
  }
  return { ...outcome.response, headers };
}
