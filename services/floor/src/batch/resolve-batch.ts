import type { EntityManager } from '@mikro-orm/postgresql';
import { BatchEvents, FloorEvents, FloorBatchOperation, Topics, type FloorBatchChange } from '@qtable/contracts';
import { newEvent, recordEvent } from '@qtable/events';
import { z } from 'zod';
import { floorTables } from '../entities';
import { recordTableEvent, userActor } from '../operations/floor-events';
import { effectiveChanges, normalizedChanges } from './prepare-batch';
import { lockTables } from '../operations/table-locks';
import { bumpVersions } from '../operations/table-rows';
import { tableViews } from '../operations/table-views';

interface PreparedRow {
  restaurant_id: string;
  operations: unknown;
  actor_id: string;
}

/**
 * Carries out guests' decision on a prepared batch in the caller's transaction. Committed:
 * applies the stored changes (one version bump and one table event per changed table),
 * releases the locks and records batch.floor_applied; aborted: drops the changes and
 * releases the locks. Idempotent by batch id: a batch already resolved (or never
 * prepared here) is left alone. Returns whether events were recorded.
 *
 * The changes were checked at prepare and the tables locked against every floor writer
 * since, so they apply without a version check: the only version bumps in between come
 * from the projections (a party seated, a hold), which do not touch these fields.
 */
export async function resolveBatch(em: EntityManager, batchId: string, committed: boolean): Promise<boolean> {
  const t = floorTables(em);
  const [row] = await em.execute<PreparedRow[]>(
    `select restaurant_id, operations, actor_id from ${t.preparedBatch} where batch_id = ? and state = 'prepared' for update`,
    [batchId],
  );
  if (!row) return false;
  await em.execute(`update ${t.preparedBatch} set state = ?, decided_at = now() where batch_id = ?`, [committed ? 'applied' : 'aborted', batchId]);
  if (!committed) {
    await em.execute(`delete from ${t.batchLock} where batch_id = ?`, [batchId]);
    return false;
  }
  const operations = z.array(FloorBatchOperation).parse(row.operations);
  const tables = await lockTables(em, row.restaurant_id, operations.map((op) => op.tableId));
  await em.execute(`delete from ${t.batchLock} where batch_id = ?`, [batchId]);
  const before = new Map((await tableViews(em, tables)).map((view) => [view.id, view]));
  const changed = [];
  const results: Omit<FloorBatchChange, 'version'>[] = [];
  for (const op of operations) {
    // A table deleted meanwhile cannot be: deleting refuses a locked table. Skip defensively.
    const table = tables.find((candidate) => candidate.id === op.tableId);
    if (!table) continue;
    const changes = effectiveChanges(table, normalizedChanges(op.changes));
    if (Object.keys(changes).length > 0) {
      Object.assign(table, changes);
      changed.push(table);
    }
    results.push({ index: op.index, op: op.op, result: Object.keys(changes).length > 0 ? 'updated' : 'unchanged', tableId: op.tableId });
  }
  await bumpVersions(em, changed, new Date());
  const views = await tableViews(em, tables);
  const actor = userActor(row.actor_id);
  for (const view of views) {
    if (!changed.some((table) => table.id === view.id)) continue;
    recordTableEvent(em, view.status === before.get(view.id)?.status ? FloorEvents.TABLE_UPDATED : FloorEvents.TABLE_STATUS_CHANGED, view, actor);
  }
  const changes: FloorBatchChange[] = results.map((r) => ({ ...r, version: views.find((v) => v.id === r.tableId)?.version ?? 0 }));
  recordEvent(
    em,
    Topics.FLOOR,
    newEvent({
      type: BatchEvents.BATCH_FLOOR_APPLIED,
      restaurantId: row.restaurant_id,
      aggregateId: batchId,
      aggregateVersion: 1,
      actor,
      data: { batchId, changes, tables: views } as unknown as Record<string, unknown>,
    }),
  );
  return true;
}
