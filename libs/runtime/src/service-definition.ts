import type { Server } from 'node:http';
import type { EntitySchema, MigrationObject } from '@mikro-orm/core';
import type { ServiceOrm } from '@qtable/db';
import type { EventBus } from '@qtable/events';
import type { ApiRouter, JwtAuthenticator, ReadinessCheck } from '@qtable/http';
import type { Logger, Metrics } from '@qtable/observability';
import type { RealtimeLog } from '@qtable/realtime-log';
import type { z } from 'zod';

/** What the runtime hands a service when it builds it, the same in every mode. */
export interface ServiceContext<C> {
  /** The service's own settings (its `configSchema`), already validated. */
  config: C;
  logger: Logger;
  metrics: Metrics;
  /** The service's ORM, bound to its own schema, migrations applied. */
  orm: ServiceOrm;
  /** Publishes are done by the outbox relay; services use the bus to subscribe. */
  bus: EventBus;
  authenticator: JwtAuthenticator;
  /** The realtime gateway's per-restaurant message log; snapshots read its head as their cursor. */
  realtimeLog: RealtimeLog;
  /** Call right after a commit that recorded events, so the relay publishes now instead of at its next poll. */
  outboxCommitted(): void;
}

/** A running service: its HTTP routes and lifecycle hooks. */
export interface ServiceInstance {
  apiRouters: ApiRouter[];
  readiness?: ReadinessCheck[];
  /** After migrations, before the port opens: bootstrap rows, subscribe to other services' topics. */
  start?(): Promise<void>;
  /**
   * After the HTTP server exists, before it listens: realtime endpoints (Socket.IO, the
   * plain WebSocket) attach to its upgrade handling on the same port.
   */
  attachServer?(server: Server): void | Promise<void>;
  /** On shutdown, before the ORM closes. */
  stop?(): Promise<void>;
}

/**
 * Everything the runtime needs to run a service, standalone (its own process, real
 * PostgreSQL and Kafka) or embedded (all services in one process on PGlite). Each service
 * exports one of these from `src/service.ts`.
 */
export interface ServiceDefinition<S extends z.ZodType = z.ZodType> {
  /** Also the PostgreSQL schema name and the log/metrics `service` label. */
  name: string;
  // MikroORM's EntitySchema is invariant in its entity type; `any` lists mixed ones.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any>[];
  migrations: MigrationObject[];
  /** Settings specific to this service, read from the environment in standalone mode. */
  configSchema: S;
  create(context: ServiceContext<z.infer<S>>): ServiceInstance | Promise<ServiceInstance>;
}

export function defineService<S extends z.ZodType>(definition: ServiceDefinition<S>): ServiceDefinition<S> {
  return definition;
}
