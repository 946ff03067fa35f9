import type { EntitySchema, MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import type { Logger } from '@qtable/observability';
import { Migration00000000000001Idempotency } from './idempotency/idempotency-migration';
import { Migration00000000000000Outbox } from './outbox/outbox-migration';
import { OutboxRecordSchema } from './outbox/outbox-record';
import { ProcessedEventSchema } from './outbox/processed-event';

export type ServiceOrm = MikroORM;

export interface ServiceOrmOptions {
  /** postgres:// URL (real PostgreSQL, or the embedded PGlite socket server). */
  clientUrl: string;
  /** The PostgreSQL schema this service owns; its tables and migration history live there. */
  schema: string;
  // MikroORM's EntitySchema is invariant in its entity type; `any` is the documented way to list mixed ones.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any>[];
  /** The service's migrations, in order. The platform migrations (outbox, idempotency keys) are prepended automatically. */
  migrations: MigrationObject[];
  poolMax?: number;
  logger?: Logger;
}

/**
 * One MikroORM per service, bound to the service's own schema. Every service gets the same
 * outbox and processed-event tables in its schema, so events commit with the state they
 * describe (transactional outbox) and consumers can be idempotent.
 */
export async function createServiceOrm(options: ServiceOrmOptions): Promise<ServiceOrm> {
  const config: Options = {
    driver: PostgreSqlDriver,
    clientUrl: options.clientUrl,
    schema: options.schema,
    entities: [OutboxRecordSchema, ProcessedEventSchema, ...options.entities],
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      migrationsList: [
        { name: 'Migration00000000000000Outbox', class: Migration00000000000000Outbox },
        { name: 'Migration00000000000001Idempotency', class: Migration00000000000001Idempotency },
        ...options.migrations,
      ],
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    // Every request forks its own EntityManager; a stray use of the global one is a bug.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    discovery: { warnWhenNoEntities: false },
    logger: (message) => options.logger?.debug({ component: 'mikro-orm' }, message),
  };
  return MikroORM.init(config);
}
