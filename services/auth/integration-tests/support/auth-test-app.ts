import { loadConfig } from '@qtable/config';
import { Topics } from '@qtable/contracts';
import type { ServiceOrm } from '@qtable/db';
import { InMemoryEventBus, type DeliveredEvent } from '@qtable/events';
import { createHttpApp, createJwtAuthenticator } from '@qtable/http';
import { createLogger, createMetrics } from '@qtable/observability';
import { InMemoryRealtimeLog } from '@qtable/realtime-log';
import { startServices } from '@qtable/runtime';
import { createTestDatabase, generateTestKeyPair, listen, requireEnv, uniqueName, type TestDatabase } from '@qtable/testing';
import { createServer } from 'node:http';
import { authConfigSchema } from '../../src/config';
import { authService } from '../../src/service';

/** What the apps of one test file share: a fresh database, a key pair, a Redis key prefix. */
export interface AuthTestEnv {
  db: TestDatabase;
  keys: { privateKey: string; publicKey: string };
  keyPrefix: string;
}

export interface AuthTestApp {
  url: string;
  orm: ServiceOrm;
  /** Events the outbox relay delivered on Topics.AUTH, in order. */
  events: DeliveredEvent[];
  close(): Promise<void>;
}

export async function createAuthTestEnv(): Promise<AuthTestEnv> {
  return { db: await createTestDatabase(), keys: generateTestKeyPair(), keyPrefix: uniqueName('qtable-test:auth') };
}

/**
 * One auth replica on the real PostgreSQL and Redis, wired by the runtime exactly as in
 * production (own schema, migrations, outbox relay onto an in-memory bus), behind the
 * standard HTTP app. Several may run on one env, like replicas of a deployment: that, and
 * trusting X-Forwarded-For, is what @qtable/runtime/testing's startTestSystem (one system
 * per fresh database and key pair) does not offer, hence this harness for the replica tests.
 */
export async function startAuthApp(env: AuthTestEnv, overrides: Record<string, string> = {}, options: { proxy?: boolean } = {}): Promise<AuthTestApp> {
  const config = loadConfig(authConfigSchema, {
    JWT_PRIVATE_KEY: env.keys.privateKey,
    BCRYPT_COST: '4',
    REDIS_URL: requireEnv('REDIS_URL'),
    RATE_LIMIT_KEY_PREFIX: env.keyPrefix,
    // Every test request comes from 127.0.0.1; only the rate-limit tests lower this.
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
    ...overrides,
  });
  // TEST_LOG_LEVEL=debug shows the service's logs (and the stacks behind 500s) when a test fails.
  const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
  const logger = createLogger({ service: 'auth', level: logLevel });
  const metrics = createMetrics({ service: 'auth', defaultMetrics: false });
  const bus = InMemoryEventBus.create({ logger });
  const events: DeliveredEvent[] = [];
  await bus.subscribe({ id: 'auth-test.recorder', topics: [Topics.AUTH], onEvent: async (event) => void events.push(event) });
  const running = await startServices({
    services: [authService],
    configs: { auth: config },
    databaseUrl: env.db.url,
    poolMax: 5,
    bus,
    authenticator: createJwtAuthenticator({ publicKey: env.keys.publicKey, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
    realtimeLog: new InMemoryRealtimeLog(),
    metrics,
    logLevel,
    relayPollIntervalMs: 50,
  });
  const app = createHttpApp({
    logger,
    metrics,
    apiRouters: running.apiRouters,
    readiness: running.readiness,
    corsOrigins: [],
    bodyLimit: '100kb',
    proxy: options.proxy ?? false,
  });
  const httpServer = createServer(app.callback());
  await running.attachServer(httpServer);
  const server = await listen(httpServer);
  return {
    url: server.url,
    orm: running.services[0].orm,
    events,
    async close() {
      await server.close();
      await running.stop();
    },
  };
}
