import type { EntityManager } from '@mikro-orm/postgresql';
import { floorTables, type FloorTable } from '../entities';

/** Whether a live table of the restaurant other than `exceptId` already carries `number` (case-insensitively). */
export async function numberInUse(em: EntityManager, restaurantId: string, number: string, exceptId?: string): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `select id from ${floorTables(em).table} where restaurant_id = ? and lower(number) = lower(?) and deleted_at is null and id <> ?`,
    [restaurantId, number, exceptId ?? '00000000-0000-0000-0000-000000000000'],
  );
  return rows.length > 0;
}

/**
 * Marks `tables` changed: MikroORM increments each version in the UPDATE (which also
 * checks the version it read, a backstop behind the row locks). For changes that live
 * outside the row (pairs, projections) but change the table's view.
 */
export async function bumpVersions(em: EntityManager, tables: FloorTable[], at: Date): Promise<void> {
  if (tables.length === 0) return;
  // Strictly later than the stored stamp: an unchanged value would not make the row dirty,
  // and then MikroORM would not bump its version.
  for (const table of tables) table.updatedAt = new Date(Math.max(at.getTime(), table.updatedAt.getTime() + 1));
  await em.flush();
}
