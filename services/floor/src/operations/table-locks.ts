import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { floorTables, FloorTableSchema, SectionSchema, type FloorTable, type Section } from '../entities';

// Lock order, the same in every transaction of the floor, so that none can deadlock:
//   1. the restaurant's combinable-plan lock (only writes that change pairs),
//   2. projected_aggregate rows (projections only),
//   3. table rows, all of them in ONE statement, in id order,
//   4. section rows.

/**
 * Serializes the writes that change combinable pairs within one restaurant. Such a write
 * must lock every table whose pairs change, and learns which only by reading the pairs;
 * under this lock nobody else changes them, so the set read before locking the tables stays
 * true. Floor-plan edits are rare, so the restaurant-wide lock costs nothing in service.
 */
export async function lockCombinablePlan(em: EntityManager, restaurantId: string): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`floor.combinable:${restaurantId}`]);
}

/** Locks the live tables of the restaurant among `ids` (FOR UPDATE, id order); others are absent from the result. */
export async function lockTables(em: EntityManager, restaurantId: string, ids: Iterable<string>): Promise<FloorTable[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return em.find(
    FloorTableSchema,
    { id: { $in: unique }, restaurantId, deletedAt: null },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true },
  );
}

/** Ids of the tables combinable with `tableId`. Stable only under lockCombinablePlan. */
export async function partnersOf(em: EntityManager, tableId: string): Promise<string[]> {
  const rows = await em.execute<{ partner: string }[]>(
    `select case when a_id = ? then b_id else a_id end as partner from ${floorTables(em).pair} where a_id = ? or b_id = ?`,
    [tableId, tableId, tableId],
  );
  return rows.map((r) => r.partner);
}

/**
 * The section of the restaurant, locked FOR SHARE so that it cannot be deleted before
 * the table that now points at it commits (deleting a section locks it FOR UPDATE).
 */
export async function shareSection(em: EntityManager, restaurantId: string, sectionId: string): Promise<Section | null> {
  return em.findOne(SectionSchema, { id: sectionId, restaurantId }, { lockMode: LockMode.PESSIMISTIC_READ, refresh: true });
}
