import type { Metrics } from '@qtable/observability';
import type { Middleware } from 'koa';

/** Request duration by route template; unmatched paths share one label so ids never leak into labels. */
export function httpMetricsMiddleware(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    try {
      await next();
    } finally {
      end({ method: ctx.method, route: typeof ctx._matchedRoute === 'string' ? ctx._matchedRoute : 'unmatched', status: String(ctx.status) });
    }
  };
}
