import type { MigrationObject } from '@mikro-orm/core';
import { Migration20260310000000GuestsSchema } from './migration-20260310000000-guests-schema';
import { Migration20260320000000BatchDecision } from './migration-20260320000000-batch-decision';
import { Migration20260401000000RestaurantZone } from './migration-20260401000000-restaurant-zone';

/** In order; the names are recorded in guests.mikro_orm_migrations and must never change. */
export const guestsMigrations: MigrationObject[] = [
  { name: 'Migration20260310000000GuestsSchema', class: Migration20260310000000GuestsSchema },
  { name: 'Migration20260320000000BatchDecision', class: Migration20260320000000BatchDecision },
  { name: 'Migration20260401000000RestaurantZone', class: Migration20260401000000RestaurantZone },
];
