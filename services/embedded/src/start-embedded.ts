import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { loadConfig } from '@qtable/config';
import { startEmbeddedPostgres } from '@qtable/db';
import { InMemoryEventBus } from '@qtable/events';
import { createJwtAuthenticator } from '@qtable/http';
import { createLogger, createMetrics, type Logger } from '@qtable/observability';
import { InMemoryRealtimeLog } from '@qtable/realtime-log';
import { serveHttp, startServices } from '@qtable/runtime';
import type { EmbeddedConfig } from './embedded-config';
import { loadOrCreateSecrets } from './first-start';
import { embeddedServices } from './services';

export interface EmbeddedSystem {
  url: string;
  server: Server;
  logger: Logger;
  adminEmail: string;
  adminPassword: string;
  firstStart: boolean;
  stop(): Promise<void>;
}

// PGlite serves one query at a time; a few connections per service are plenty, and the sum
// must stay under the socket server's connection limit.
const POOL_PER_SERVICE = 3;

/**
 * The whole system in one process: embedded PostgreSQL (PGlite) in the data folder, the
 * in-process event bus behind the same outbox relay, every service's routes on one port.
 */
export async function startEmbedded(config: EmbeddedConfig, env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedSystem> {
  const dataDir = resolve(config.QTABLE_DATA_DIR);
  const logger = createLogger({ service: 'qtable', level: config.LOG_LEVEL });
  const secrets = loadOrCreateSecrets(dataDir, config.ADMIN_PASSWORD);
  const postgres = await startEmbeddedPostgres({
    dataDir: join(dataDir, 'postgres'),
    maxConnections: POOL_PER_SERVICE * embeddedServices.length + 2,
  });
  const metrics = createMetrics({ service: 'qtable' });
  // The services call each other's internal API (cross-service batch) on this process's
  // own port, with a secret made on first start next to the JWT keys (owner-only).
  const tokenFile = join(dataDir, 'secrets', 'internal-api-token');
  if (!existsSync(tokenFile)) writeFileSync(tokenFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  const ownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const loopback = `http://${ownHost.includes(':') ? `[${ownHost}]` : ownHost}:${config.PORT}`;
  const serviceEnv = {
    INTERNAL_API_TOKEN: readFileSync(tokenFile, 'utf8').trim(),
    FLOOR_INTERNAL_URL: loopback,
    GUESTS_INTERNAL_URL: loopback,
    ...env,
    JWT_PRIVATE_KEY: secrets.jwtPrivateKey,
    JWT_PUBLIC_KEY: secrets.jwtPublicKey,
    ADMIN_EMAIL: config.ADMIN_EMAIL,
    ADMIN_PASSWORD: secrets.adminPassword,
  };
  const configs = Object.fromEntries(embeddedServices.map((s) => [s.name, loadConfig(s.configSchema, serviceEnv)]));
  const bus = InMemoryEventBus.create({ logger: logger.child({ component: 'event-bus' }) });
  let running;
  try {
    running = await startServices({
      services: embeddedServices,
      configs,
      databaseUrl: postgres.url,
      poolMax: POOL_PER_SERVICE,
      bus,
      authenticator: createJwtAuthenticator({ publicKey: secrets.jwtPublicKey, issuer: configs.auth.JWT_ISSUER, audience: configs.auth.JWT_AUDIENCE }),
      realtimeLog: new InMemoryRealtimeLog(),
      metrics,
      logLevel: config.LOG_LEVEL,
    });
  } catch (err) {
    await postgres.stop();
    throw err;
  }
  const server = await serveHttp(running, { config, logger, metrics });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const stopped = running;

  return {
    url: `http://${host}:${port}`,
    server,
    logger,
    adminEmail: config.ADMIN_EMAIL,
    adminPassword: secrets.adminPassword,
    firstStart: secrets.created,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      // Services stop, then relays publish what committed, then the database closes.
      await stopped.stop();
      await postgres.stop();
    },
  };
}
