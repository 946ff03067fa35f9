import type { MigrationObject } from '@mikro-orm/core';
import { Migration20260310000000FloorSchema } from './migration-20260310000000-floor-schema';
import { Migration20260320000000BatchPrepare } from './migration-20260320000000-batch-prepare';

/** In order; the names are recorded in floor.mikro_orm_migrations and must never change. */
export const floorMigrations: MigrationObject[] = [
  { name: 'Migration20260310000000FloorSchema', class: Migration20260310000000FloorSchema },
  { name: 'Migration20260320000000BatchPrepare', class: Migration20260320000000BatchPrepare },
];
