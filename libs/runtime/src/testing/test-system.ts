import { loadConfig } from '@qtable/config';
import type { Role } from '@qtable/contracts';
import { InMemoryEventBus, KafkaEventBus, type EventBus } from '@qtable/events';
import { createHttpApp, createJwtAuthenticator } from '@qtable/http';
import { createLogger, createMetrics } from '@qtable/observability';
import { InMemoryRealtimeLog, type RealtimeLog } from '@qtable/realtime-log';
import type { ServiceDefinition } from '../service-definition';
import { startServices, type RunningServices } from '../start-services';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createTestDatabase, generateTestKeyPair, listen, requireEnv, uniqueName, type TestDatabase } from '@qtable/testing';

export interface TestSystem {
  url: string;
  running: RunningServices;
  database: TestDatabase;
  bus: EventBus;
  realtimeLog: RealtimeLog;
  /** An access token as auth would issue it, for tests of services other than auth. */
  token(claims: { userId?: string; email?: string; organizationId?: string; memberships: Record<string, Role> }, expiresInSeconds?: number): string;
  /** Publishes everything committed in every outbox now (instead of waiting for a poll). */
  flushOutboxes(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots services exactly as production does (startServices: own schema, migrations,
 * outbox relay) on a fresh database of the real PostgreSQL, behind the real Koa app on a
 * loopback port. The bus is in-process unless `bus: 'kafka'` (real broker, unique topics).
 */
export async function startTestSystem(options: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  services: ServiceDefinition<any>[];
  env?: Record<string, string>;
  bus?: 'memory' | 'kafka';
  /** Kafka topic prefix; give two systems the same one to run them as replicas of one deployment. Default: unique. */
  topicPrefix?: string;
  /** The realtime log (e.g. a RedisRealtimeLog shared by two systems); the caller closes it. Default: in memory. */
  realtimeLog?: RealtimeLog;
}): Promise<TestSystem> {
  const keys = generateTestKeyPair();
  const database = await createTestDatabase();
  const logger = createLogger({ service: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const env = {
    ...process.env,
    JWT_PRIVATE_KEY: keys.privateKey,
    JWT_PUBLIC_KEY: keys.publicKey,
    BCRYPT_COST: '4',
    ...options.env,
  };
  const configs = Object.fromEntries(options.services.map((s) => [s.name, loadConfig(s.configSchema, env)]));
  const metrics = createMetrics({ service: 'test', defaultMetrics: false });
  const bus: EventBus =
    options.bus === 'kafka'
      ? KafkaEventBus.fromConfig({
          brokers: requireEnv('KAFKA_BROKERS').split(','),
          clientId: 'test',
          topicPrefix: options.topicPrefix ?? uniqueName('t'),
          logger,
          // As production, sampled faster (as the relay polls faster).
          metrics,
          lagSampleIntervalMs: 500,
        })
      : InMemoryEventBus.create({ logger });
  const realtimeLog = options.realtimeLog ?? new InMemoryRealtimeLog();
  let running: RunningServices;
  try {
    running = await startServices({
      services: options.services,
      configs,
      databaseUrl: database.url,
      poolMax: 10,
      relayConnection: true,
      bus,
      authenticator: createJwtAuthenticator({ publicKey: keys.publicKey, issuer: 'qtable-auth', audience: 'qtable' }),
      realtimeLog,
      metrics,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
      relayPollIntervalMs: 50,
    });
  } catch (err) {
    await database.drop();
    throw err;
  }
  const app = createHttpApp({ logger, metrics, apiRouters: running.apiRouters, readiness: running.readiness, corsOrigins: [], bodyLimit: '100kb' });
  const httpServer = createServer(app.callback());
  await running.attachServer(httpServer);
  const server = await listen(httpServer);

  return {
    url: server.url,
    running,
    database,
    bus,
    realtimeLog,
    token: (claims, expiresInSeconds = 600) =>
      jwt.sign(
        { email: claims.email ?? 'staff@example.com', org: claims.organizationId ?? 'org-test', rst: claims.memberships },
        keys.privateKey,
        { algorithm: 'ES256', issuer: 'qtable-auth', audience: 'qtable', subject: claims.userId ?? randomUUID(), expiresIn: expiresInSeconds },
      ),
    flushOutboxes: async () => {
      for (const s of running.services) await s.relay.flush();
    },
    async close() {
      await server.close();
      await running.stop();
      await database.drop();
    },
  };
}
