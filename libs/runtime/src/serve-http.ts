import { createServer, type Server } from 'node:http';
import type { BaseConfig } from '@qtable/config';
import { createHttpApp } from '@qtable/http';
import type { Logger, Metrics } from '@qtable/observability';
import type { RunningServices } from './start-services';

/**
 * Serves running services over HTTP the way every process does (standalone and embedded):
 * the one Koa app from the shared base settings, the services' realtime endpoints attached,
 * listening on HOST:PORT. Resolves once listening; rejects if the port cannot be bound.
 */
export async function serveHttp(
  running: RunningServices,
  options: {
    config: Pick<BaseConfig, 'HOST' | 'PORT' | 'CORS_ORIGINS' | 'BODY_LIMIT' | 'HTTP_MAX_IN_FLIGHT'>;
    logger: Logger;
    metrics: Metrics;
    /** Trust X-Forwarded-For (behind the ingress). Default false. */
    proxy?: boolean;
  },
): Promise<Server> {
  const { config } = options;
  const app = createHttpApp({
    logger: options.logger,
    metrics: options.metrics,
    apiRouters: running.apiRouters,
    readiness: running.readiness,
    corsOrigins: config.CORS_ORIGINS,
    bodyLimit: config.BODY_LIMIT,
    maxInFlight: config.HTTP_MAX_IN_FLIGHT,
    proxy: options.proxy,
  });
  const server = createServer(app.callback());
  await running.attachServer(server);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', fail);
      ok();
    });
  });
  return server;
}
