import type { Logger } from '@qtable/observability';
import type { Middleware } from 'koa';

/** One line per request: method, route template, status, duration. Never bodies or headers. */
export function requestLogMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { method: ctx.method, route: ctx._matchedRoute ?? ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 };
      if (ctx.status >= 500) logger.error(line, 'request failed');
      else logger.debug(line, 'request');
    }
  };
}
