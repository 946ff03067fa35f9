import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TableStatus, TableView } from '@qtable/contracts';
import { notFound } from '@qtable/http';
import { compareTableNumbers } from '../domain/natural-order';
import { FloorTableSchema } from '../entities';
import { tableViews } from './table-views';

/**
 * The live tables of a restaurant in natural number order, optionally of one section or
 * one status. Status is derived, so it is filtered after deriving; a restaurant has at most
 * FLOOR_BOUNDS.tablesPerRestaurant live tables, which bounds the work.
 */
export async function listTables(em: EntityManager, restaurantId: string, filter: { sectionId?: string; status?: TableStatus }): Promise<TableView[]> {
  return consistently(em, (tx) => readTables(tx, restaurantId, filter));
}

/**
 * A view joins the table row with the occupancy and hold projections, read by several
 * statements: one snapshot for all of them, or a projection committing in between shows
 * a table occupied at the version from before its seating (a torn read; seen in CI).
 */
function consistently<T>(em: EntityManager, read: (em: EntityManager) => Promise<T>): Promise<T> {
  if (em.isInTransaction()) return read(em);
  return em.transactional(read, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
}

async function readTables(em: EntityManager, restaurantId: string, filter: { sectionId?: string; status?: TableStatus }): Promise<TableView[]> {
  const tables = await em.find(FloorTableSchema, {
    restaurantId,
    deletedAt: null,
    ...(filter.sectionId ? { sectionId: filter.sectionId } : {}),
  });
  const views = await tableViews(em, tables);
  return views.filter((v) => !filter.status || v.status === filter.status).sort((a, b) => compareTableNumbers(a.number, b.number));
}

/** One live table of the restaurant; another restaurant's id answers 404 like an unknown one. */
export async function getTable(em: EntityManager, restaurantId: string, tableId: string): Promise<TableView> {
  return consistently(em, async (tx) => {
    const table = await tx.findOne(FloorTableSchema, { id: tableId, restaurantId, deletedAt: null });
    if (!table) throw notFound('Table');
    const [view] = await tableViews(tx, [table]);
    return view;
  });
}
