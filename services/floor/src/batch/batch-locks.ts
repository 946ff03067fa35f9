import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict } from '@qtable/http';
import { floorTables } from '../entities';

/**
 * Refuses a write to tables that a prepared cross-service batch holds (409
 * table_locked_by_batch, naming the batch): its changes were validated against the
 * tables as they are and will be applied once guests decides. Called by every floor
 * writer AFTER it locked the table rows: prepare inserts its locks under the same row
 * locks, so the check cannot miss a batch that prepares concurrently.
 */
export async function refuseBatchLocked(em: EntityManager, tableIds: string[]): Promise<void> {
  if (tableIds.length === 0) return;
  const [held] = await em.execute<{ table_id: string; batch_id: string }[]>(
    `select table_id, batch_id from ${floorTables(em).batchLock} where table_id in (?) order by table_id limit 1`,
    [[...new Set(tableIds)]],
  );
  if (held) {
    throw conflict('table_locked_by_batch', 'A batch update that includes this table is being committed; retry in a moment', {
      tableId: held.table_id,
      batchId: held.batch_id,
    });
  }
}
