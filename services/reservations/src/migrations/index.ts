import type { MigrationObject } from '@mikro-orm/core';
import { Migration20260310000000ReservationsSchema } from './migration-20260310000000-reservations-schema';

/** In order; the names are recorded in reservations.mikro_orm_migrations and must never change. */
export const reservationsMigrations: MigrationObject[] = [
  { name: 'Migration20260310000000ReservationsSchema', class: Migration20260310000000ReservationsSchema },
];
