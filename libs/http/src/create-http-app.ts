import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import type Router from '@koa/router';
import type { Logger, Metrics } from '@qtable/observability';
import Koa from 'koa';
import helmet from 'koa-helmet';
import type { ApiRouter } from './api/api-router';
import { buildOpenApiDocument, openApiRouter } from './api/openapi';
import { errorMiddleware } from './error-middleware';
import { healthRouter, type ReadinessCheck } from './health';
import { httpMetricsMiddleware } from './http-metrics';
import { loadSheddingMiddleware } from './load-shedding';
import { requestIdMiddleware } from './request-id';
import { requestLogMiddleware } from './request-log';

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  apiRouters: ApiRouter[];
  /** Non-API routes (web app assets and the like), mounted after the API. */
  extraRouters?: Router[];
  readiness: ReadinessCheck[];
  corsOrigins: string[];
  bodyLimit: string;
  /** Trust X-Forwarded-For from the ingress (nginx) for the client address. */
  proxy?: boolean;
  openApiInfo?: { title: string; version: string };
  /** Requests in progress at once before the next gets 503 overloaded (load-shedding.ts). Default: no limit. */
  maxInFlight?: number;
}

/**
 * The one Koa app shape of every QTable process: request id, logs, metrics, the error body,
 * admission control (a bound on requests in flight), security headers, CORS from config,
 * bounded JSON/form bodies, health/ready/metrics, the API routers and their OpenAPI document.
 */
export function createHttpApp(options: HttpAppOptions): Koa {
  const app = new Koa({ proxy: options.proxy ?? false });
  // Koa's default handler would log every error twice; errorMiddleware already logs 500s.
  app.silent = true;

  app.use(requestIdMiddleware());
  app.use(requestLogMiddleware(options.logger));
  app.use(httpMetricsMiddleware(options.metrics));
  app.use(errorMiddleware(options.logger));
  if (options.maxInFlight !== undefined) app.use(loadSheddingMiddleware({ maxInFlight: options.maxInFlight, metrics: options.metrics }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'", 'ws:', 'wss:'] },
      },
    }),
  );
  app.use(
    cors({
      // Only configured origins get CORS headers; an empty list means same-origin only.
      origin: (ctx) => (options.corsOrigins.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''),
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'],
      exposeHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'Location'],
      maxAge: 600,
    }),
  );
  app.use(
    bodyParser({
      enableTypes: ['json', 'form'],
      jsonLimit: options.bodyLimit,
      formLimit: options.bodyLimit,
      // Reject `"a string"` or `42` as a body: every endpoint takes an object or an array.
      jsonStrict: true,
    }),
  );

  const health = healthRouter({ checks: options.readiness, metrics: options.metrics });
  app.use(health.routes());
  const docs = openApiRouter(() => buildOpenApiDocument(options.apiRouters, options.openApiInfo ?? { title: 'QTable API', version: '1.0.0' }));
  app.use(docs.routes());
  for (const api of options.apiRouters) {
    app.use(api.middleware());
    app.use(api.allowedMethods());
  }
  for (const router of options.extraRouters ?? []) app.use(router.routes());
  return app;
}
