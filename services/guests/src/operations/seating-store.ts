import type { EntityManager } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '@qtable/db';
import type { TableFacts } from '../domain/seating-rules';
import { tables } from '../entities';

interface FloorTableRow {
  id: string;
  number: string;
  capacity: number;
  min_capacity: number | null;
  out_of_service: boolean;
  combinable_with: string[];
}

const toFacts = (row: FloorTableRow): TableFacts => ({
  id: row.id,
  number: row.number,
  capacity: row.capacity,
  minCapacity: row.min_capacity,
  outOfService: row.out_of_service,
  combinableWith: row.combinable_with,
});

/** The restaurant's known, live tables among `ids` (a table of another restaurant is simply unknown). */
export async function tableFacts(em: EntityManager, restaurantId: string, ids: string[]): Promise<Map<string, TableFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await em.execute<FloorTableRow[]>(
    `select "id", "number", "capacity", "min_capacity", "out_of_service", "combinable_with" from ${tables.floorTable}
     where "restaurant_id" = ? and not "deleted" and "id" in (?)`,
    [restaurantId, ids],
  );
  return new Map(rows.map((row) => [row.id, toFacts(row)]));
}

/** Who sits at each of `tableIds` now: table id → guest id. */
export async function occupants(em: EntityManager, tableIds: string[]): Promise<Map<string, string>> {
  if (tableIds.length === 0) return new Map();
  const rows = await em.execute<{ table_id: string; guest_id: string }[]>(
    `select "table_id", "guest_id" from ${tables.seating} where "released_at" is null and "table_id" in (?)`,
    [tableIds],
  );
  return new Map(rows.map((row) => [row.table_id, row.guest_id]));
}

/** Thrown when the unique index refuses a seating: another party took the table first. */
export class TableTakenError extends Error {
  constructor(readonly tableId: string) {
    super(`table ${tableId} is occupied`);
  }
}

/**
 * Occupies `tableIds` for the party, one row per table. The partial unique index on active
 * seatings makes the second of two concurrent seatings at one table fail here (it waits
 * for the first transaction, then sees its row), whatever the checks before it saw.
 */
export async function occupy(em: EntityManager, restaurantId: string, guestId: string, tableIds: string[], at: Date): Promise<void> {
  for (const tableId of tableIds) {
    try {
      await em.execute(`insert into ${tables.seating} ("restaurant_id", "table_id", "guest_id", "seated_at") values (?, ?, ?, ?)`, [
        restaurantId,
        tableId,
        guestId,
        at,
      ]);
    } catch (err) {
      if (isUniqueViolation(err) || (err as { code?: string }).code === '23505') throw new TableTakenError(tableId);
      throw err;
    }
  }
}

/** Frees the party's tables (all, or only `tableIds`): stamps the active rows released. */
export async function release(em: EntityManager, guestId: string, at: Date, tableIds?: string[]): Promise<void> {
  if (tableIds && tableIds.length === 0) return;
  await em.execute(
    `update ${tables.seating} set "released_at" = ? where "guest_id" = ? and "released_at" is null${tableIds ? ' and "table_id" in (?)' : ''}`,
    tableIds ? [at, guestId, tableIds] : [at, guestId],
  );
}
