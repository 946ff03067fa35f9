import type { MigrationObject } from '@mikro-orm/core';
import { Migration20260301000000AuthSchema } from './migration-20260301000000-auth-schema';

/** In order; the names are recorded in auth.mikro_orm_migrations and must never change. */
export const authMigrations: MigrationObject[] = [
  { name: 'Migration20260301000000AuthSchema', class: Migration20260301000000AuthSchema },
];
