import { randomUUID } from 'node:crypto';
import { requestContext } from '@qtable/observability';
import type { Middleware } from 'koa';

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Honours a well-formed incoming X-Request-Id (from nginx/ingress), else mints one. */
export function requestIdMiddleware(): Middleware {
  return (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = SAFE_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    return requestContext.run({ requestId }, next);
  };
}
