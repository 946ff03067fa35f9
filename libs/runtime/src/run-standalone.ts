import { baseConfig, databaseConfig, env, exitOnConfigError, jwtVerifyConfig, kafkaConfig, loadConfig } from '@qtable/config';
import { KafkaEventBus } from '@qtable/events';
import { createJwtAuthenticator } from '@qtable/http';
import { createLogger, createMetrics } from '@qtable/observability';
import { createRealtimeLog, realtimeLogConfig } from '@qtable/realtime-log';
import { onShutdownSignal } from './graceful-shutdown';
import { serveHttp } from './serve-http';
import type { ServiceDefinition } from './service-definition';
import { startServices } from './start-services';

/** What every standalone service process validates at start (exported for the deployment checks in tests/deploy). */
export const standaloneConfig = baseConfig
  .extend(databaseConfig.shape)
  .extend(kafkaConfig.shape)
  .extend(jwtVerifyConfig.shape)
  .extend(realtimeLogConfig.shape)
  .extend({ TRUST_PROXY: env.bool(false) });

/**
 * Runs one service as its own process (local cluster, Kubernetes): real PostgreSQL, Kafka,
 * its port. Configuration comes from the environment and is validated before anything
 * connects; a bad variable stops the process with a message naming it.
 */
export async function runStandalone(definition: ServiceDefinition): Promise<void> {
  const { config, own } = exitOnConfigError(() => ({
    config: loadConfig(standaloneConfig),
    own: loadConfig(definition.configSchema),
  }));
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL });
  const metrics = createMetrics({ service: definition.name });
  const bus = KafkaEventBus.fromConfig({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID ?? definition.name,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger: logger.child({ component: 'kafka' }),
    // Every consumer group's lag on this process's /metrics (kafka_consumer_lag).
    metrics,
  });
  // With REDIS_URL: the Redis stream log every gateway replica shares (and services read
  // snapshot heads from); without it, in memory, which only suits a single gateway replica.
  const realtimeLog = createRealtimeLog(config);
  const running = await startServices({
    services: [definition],
    configs: { [definition.name]: own },
    databaseUrl: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    relayConnection: true,
    bus,
    authenticator: createJwtAuthenticator({ publicKey: config.JWT_PUBLIC_KEY, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
    realtimeLog,
    metrics,
    logLevel: config.LOG_LEVEL,
  }).catch(async (err: unknown) => {
    await realtimeLog.close();
    throw err;
  });
  const server = await serveHttp(running, { config, logger, metrics, proxy: config.TRUST_PROXY });
  logger.info({ host: config.HOST, port: config.PORT }, 'listening');

  onShutdownSignal(logger, async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await running.stop();
    await realtimeLog.close();
  });
}
