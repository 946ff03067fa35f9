import type { EntityManager } from '@mikro-orm/postgresql';
import { FloorEvents, type TableView } from '@qtable/contracts';
import type { EventActor } from '@qtable/events';
import { conflict, notFound, staleVersion } from '@qtable/http';
import { floorTables } from '../entities';
import { refuseBatchLocked } from '../batch/batch-locks';
import { recordTableEvent } from './floor-events';
import { lockCombinablePlan, lockTables, partnersOf } from './table-locks';
import { bumpVersions } from './table-rows';
import { tableViews } from './table-views';

/**
 * Deletes a table at `expectedVersion` (soft: the row stays for history, its number is
 * free again). Refused while a party sits there: the occupancy projection writes only under
 * the table's row lock, which this holds, so the check cannot miss a seating that commits
 * first. The partners lose it from their lists (version bumped, table.updated each).
 */
export async function deleteTable(em: EntityManager, restaurantId: string, tableId: string, expectedVersion: number, actor: EventActor): Promise<TableView> {
  await lockCombinablePlan(em, restaurantId);
  const locked = await lockTables(em, restaurantId, [tableId, ...(await partnersOf(em, tableId))]);
  const table = locked.find((t) => t.id === tableId);
  if (!table) throw notFound('Table');
  const [current] = await tableViews(em, [table]);
  if (table.version !== expectedVersion) throw staleVersion(current);
  await refuseBatchLocked(em, locked.map((t) => t.id));
  if (current.partyId) {
    throw conflict('table_occupied', `Table ${table.number} holds a seated party; complete or move the party before deleting the table`, { current });
  }
  const t = floorTables(em);
  await em.execute(`delete from ${t.pair} where a_id = ? or b_id = ?`, [tableId, tableId]);
  await em.execute(`delete from ${t.hold} where table_id = ?`, [tableId]);
  const partners = locked.filter((p) => p.id !== tableId);
  table.deletedAt = new Date();
  await bumpVersions(em, [table, ...partners], table.deletedAt);
  const [view, ...partnerViews] = await tableViews(em, [table, ...partners]);
  recordTableEvent(em, FloorEvents.TABLE_DELETED, view, actor);
  for (const partnerView of partnerViews) recordTableEvent(em, FloorEvents.TABLE_UPDATED, partnerView, actor);
  return view;
}
