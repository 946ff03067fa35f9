import { GuestSchema } from './guest';

export { GuestSchema, type Guest } from './guest';

/**
 * Entities mapped by MikroORM. `seating`, `floor_table` and `restaurant_zone` are written with plain SQL:
 * their writes are single statements whose exact order and conflict handling matter
 * (unique index on active seatings, version-guarded upserts of the projection).
 */
export const guestsEntities = [GuestSchema];

/** The PostgreSQL schema; raw SQL must name it (no search_path is set at runtime). */
export const GUESTS_SCHEMA = 'guests';
export const tables = {
  guest: `"${GUESTS_SCHEMA}"."guest"`,
  seating: `"${GUESTS_SCHEMA}"."seating"`,
  floorTable: `"${GUESTS_SCHEMA}"."floor_table"`,
  batchDecision: `"${GUESTS_SCHEMA}"."batch_decision"`,
  restaurantZone: `"${GUESTS_SCHEMA}"."restaurant_zone"`,
} as const;
