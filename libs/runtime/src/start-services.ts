import type { Server } from 'node:http';
import { checkDatabase, createServiceOrm, migrateUp, type ServiceOrm } from '@qtable/db';
import { OutboxRelay, type EventBus } from '@qtable/events';
import type { ApiRouter, JwtAuthenticator, ReadinessCheck } from '@qtable/http';
import { createLogger, type Metrics } from '@qtable/observability';
import type { RealtimeLog } from '@qtable/realtime-log';
import type { ServiceDefinition, ServiceInstance } from './service-definition';

export interface StartServicesOptions {
  services: ServiceDefinition[];
  /** Each service's validated own config, by service name. */
  configs: Record<string, unknown>;
  databaseUrl: string;
  /** Connections per service pool (embedded mode keeps the sum under PGlite's limit). */
  poolMax: number;
  bus: EventBus;
  authenticator: JwtAuthenticator;
  realtimeLog: RealtimeLog;
  metrics: Metrics;
  logLevel: string;
  /** Relay tuning; tests poll faster. */
  relayPollIntervalMs?: number;
  /**
   * Give each outbox relay a connection of its own instead of a share of the service's
   * pool, so that requests holding every pooled connection never queue the publishing of
   * events behind them (on the local cluster at 100 writes/s, relay lag max 2.2–5.7 s with
   * its own connection against 6.2–7.9 s shared, over a few runs each). Off in the
   * embedded mode, where PGlite serves one statement at a time whatever the pool.
   */
  relayConnection?: boolean;
}

export interface RunningService {
  name: string;
  orm: ServiceOrm;
  /** The relay's own one-connection ORM (relayConnection), else `orm`. */
  relayOrm: ServiceOrm;
  relay: OutboxRelay;
  instance: ServiceInstance;
}

export interface RunningServices {
  services: RunningService[];
  apiRouters: ApiRouter[];
  readiness: ReadinessCheck[];
  /** Lets services attach to the HTTP server (realtime endpoints) before it listens. */
  attachServer(server: Server): Promise<void>;
  /** Drains in the safe order: services, then relays (publishing what committed), bus, databases. */
  stop(): Promise<void>;
}

/** A service's schema name: `realtime-gateway` → `realtime_gateway`. */
export const schemaOf = (serviceName: string) => serviceName.replace(/-/g, '_');

async function startOne(definition: ServiceDefinition, options: StartServicesOptions): Promise<RunningService> {
  const logger = createLogger({ service: definition.name, level: options.logLevel });
  const ormOptions = { clientUrl: options.databaseUrl, schema: schemaOf(definition.name), entities: definition.entities, logger };
  const orm = await createServiceOrm({ ...ormOptions, migrations: definition.migrations, poolMax: options.poolMax });
  let relayOrm = orm;
  try {
    await migrateUp(orm);
    // Migrations ran on `orm` above; the relay's pool only needs the schema.
    if (options.relayConnection) relayOrm = await createServiceOrm({ ...ormOptions, migrations: [], poolMax: 1 });
    const relay = OutboxRelay.create({
      orm: relayOrm,
      bus: options.bus,
      logger,
      metrics: options.metrics,
      name: definition.name,
      ...(options.relayPollIntervalMs ? { pollIntervalMs: options.relayPollIntervalMs } : {}),
    });
    const instance = await definition.create({
      config: options.configs[definition.name],
      logger,
      metrics: options.metrics,
      orm,
      bus: options.bus,
      authenticator: options.authenticator,
      realtimeLog: options.realtimeLog,
      outboxCommitted: () => relay.wake(),
    });
    return { name: definition.name, orm, relayOrm, relay, instance };
  } catch (err) {
    // Not yet among the running services: close its pools here, or the process hangs on them.
    if (relayOrm !== orm) await relayOrm.close();
    await orm.close();
    throw err;
  }
}

/**
 * Builds and starts services with their ORM (own schema, migrations applied), outbox relay
 * and readiness checks. The same path serves a standalone process (one service, Kafka),
 * the embedded mode (all services, in-process bus) and integration tests.
 */
export async function startServices(options: StartServicesOptions): Promise<RunningServices> {
  const running: RunningService[] = [];
  const stopAll = async () => {
    for (const s of [...running].reverse()) await s.instance.stop?.();
    for (const s of running) await s.relay.stop();
    await options.bus.shutdown();
    for (const s of running) {
      if (s.relayOrm !== s.orm) await s.relayOrm.close();
      await s.orm.close();
    }
  };
  try {
    for (const definition of options.services) running.push(await startOne(definition, options));
    // Subscriptions are made in start(); the bus starts consuming after all are in place.
    for (const s of running) await s.instance.start?.();
    await options.bus.start();
    for (const s of running) await s.relay.start();
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }

  return {
    services: running,
    apiRouters: running.flatMap((s) => s.instance.apiRouters),
    readiness: [
      ...running.map((s) => ({ name: `database:${s.name}`, check: () => checkDatabase(s.orm) })),
      // Optional: with Kafka away writes still succeed (events wait in the outbox), so the
      // process stays ready and reports itself degraded instead of being pulled from service.
      { name: 'event-bus', check: () => options.bus.check(), optional: true },
      ...running.flatMap((s) => s.instance.readiness ?? []),
    ],
    attachServer: async (server) => {
      for (const s of running) await s.instance.attachServer?.(server);
    },
    stop: stopAll,
  };
}
