import type { EntityManager } from '@mikro-orm/postgresql';
import type { FloorBatchOperation, FloorBatchTableChanges, PrepareBatchRequest } from '@qtable/contracts';
import { conflict, HttpError, staleVersion } from '@qtable/http';
import { normalizeRotation } from '../domain/table-fields';
import { floorTables, type FloorTable } from '../entities';
import { unprocessable } from '../operations/floor-errors';
import { refuseBatchLocked } from './batch-locks';
import { lockTables } from '../operations/table-locks';
import { tableViews } from '../operations/table-views';

type TableFieldChanges = Partial<Pick<FloorTable, 'capacity' | 'minCapacity' | 'shape' | 'x' | 'y' | 'width' | 'height' | 'rotation' | 'outOfService'>>;

/** The stored changes of one operation, normalized (rotation in [0, 360)). */
export function normalizedChanges(changes: FloorBatchTableChanges): TableFieldChanges {
  const out: TableFieldChanges = { ...changes } as TableFieldChanges;
  if (changes.rotation !== undefined) out.rotation = normalizeRotation(changes.rotation);
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as TableFieldChanges;
}

/** Fields of `changes` that differ from the table. */
export function effectiveChanges(table: FloorTable, changes: TableFieldChanges): TableFieldChanges {
  return Object.fromEntries(Object.entries(changes).filter(([key, value]) => value !== table[key as keyof TableFieldChanges])) as TableFieldChanges;
}

/** An operation's refusal as the batch answers it: its own status and code, its index, its details as cause. */
export class PrepareRefused extends HttpError {
  constructor(op: FloorBatchOperation, inner: HttpError) {
    super(inner.status === 404 ? 422 : inner.status, inner.code, `Operation ${op.index} (${op.op}) failed, nothing was applied: ${inner.message}`, {
      index: op.index,
      op: op.op,
      cause: inner.details ?? null,
    });
  }
}

/**
 * Prepares floor's part of a cross-service batch in the caller's transaction: locks the
 * table rows, checks each operation (live table of the restaurant, the version the client
 * read, not held by another batch, min capacity within capacity), then stores the changes
 * unapplied and locks the tables against other writers until guests decides. Nothing is
 * visible and no event is recorded. A refusal names the operation.
 */
export async function prepareBatch(em: EntityManager, batchId: string, request: PrepareBatchRequest): Promise<void> {
  const t = floorTables(em);
  const seen = new Map<string, number>();
  for (const op of request.operations) {
    const earlier = seen.get(op.tableId);
    if (earlier !== undefined) {
      throw new PrepareRefused(op, unprocessable('table_repeated_in_batch', `Operation ${earlier} already changes this table; send one table operation per table`, { tableId: op.tableId, index: earlier }));
    }
    seen.set(op.tableId, op.index);
  }
  const existing = await em.execute<{ state: string }[]>(`select state from ${t.preparedBatch} where batch_id = ?`, [batchId]);
  if (existing.length > 0) throw conflict('batch_exists', 'This batch id was prepared before', { batchId, state: existing[0].state });

  const locked = await lockTables(em, request.restaurantId, seen.keys());
  for (const op of request.operations) {
    const table = locked.find((row) => row.id === op.tableId);
    try {
      if (!table) throw new HttpError(404, 'not_found', 'Table not found');
      if (table.version !== op.version) throw staleVersion((await tableViews(em, [table]))[0]);
      await refuseBatchLocked(em, [table.id]);
      const changes = normalizedChanges(op.changes);
      const capacity = changes.capacity ?? table.capacity;
      const minCapacity = changes.minCapacity === undefined ? table.minCapacity : changes.minCapacity;
      if (minCapacity !== null && minCapacity > capacity) {
        throw unprocessable('min_capacity_exceeds_capacity', `minCapacity ${minCapacity} exceeds capacity ${capacity}`, { capacity, minCapacity });
      }
    } catch (err) {
      if (err instanceof HttpError) throw new PrepareRefused(op, err);
      throw err;
    }
  }
  await em.execute(`insert into ${t.preparedBatch} (batch_id, restaurant_id, state, operations, actor_id) values (?, ?, 'prepared', ?::jsonb, ?)`, [
    batchId,
    request.restaurantId,
    JSON.stringify(request.operations),
    request.actorId,
  ]);
  for (const op of request.operations) {
    await em.execute(`insert into ${t.batchLock} (table_id, batch_id, restaurant_id) values (?, ?, ?)`, [op.tableId, batchId, request.restaurantId]);
  }
}
