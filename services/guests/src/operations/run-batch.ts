import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GuestView } from '@qtable/contracts';
import { HttpError } from '@qtable/http';
import type { GuestsDeps } from '../deps';
import { GuestSchema } from '../entities';
import type { GuestBatchOperation } from '../routes/batch/schemas'; // the validated shape of an operation
import { requestedTables } from './requested-tables';
import { changeGuest, type Caller, type ChangeOutcome } from './change-guest';
import { createGuest } from './create-guest';
import { deleteGuest } from './delete-guest';
import { DeferredFailure } from './failures';
import { findGuest, requireVersion } from './find-guest';
import { recordBatchCompleted, userActor, type BatchChange, type BatchCompletedData } from './guest-events';
import { guestView, waitlistPositions } from './guest-view';

export interface BatchResultItem extends BatchChange {
  guest: GuestView | null;
}

/** Carries which operation failed out of the rolled-back transaction. */
export class BatchOperationFailure extends Error {
  constructor(
    readonly index: number,
    readonly op: string,
    readonly failure: unknown,
  ) {
    super(`batch operation ${index} failed`);
  }
}

/**
 * The error a failed batch answers with: the failing operation's own status and code
 * (404 becomes 422: the batch endpoint exists, an operation named something that does
 * not), its index and op, and its details as `cause`.
 */
export function batchFailure(failure: BatchOperationFailure, inner: HttpError): HttpError {
  return new HttpError(
    inner.status === 404 ? 422 : inner.status,
    inner.code,
    `Operation ${failure.index} (${failure.op}) failed, nothing was applied: ${inner.message}`,
    { index: failure.index, op: failure.op, cause: inner.details ?? null },
  );
}

async function applyOne(deps: GuestsDeps, em: EntityManager, restaurantId: string, op: GuestBatchOperation, caller: Caller, deleted: Set<string>): Promise<Omit<BatchResultItem, 'index'>> {
  const load = async (guestId: string, version: number) => {
    if (deleted.has(guestId)) throw new HttpError(404, 'not_found', 'Guest not found (deleted earlier in this batch)');
    const guest = await findGuest(em, restaurantId, guestId);
    await requireVersion(em, guest, version);
    return guest;
  };
  const changed = (outcome: ChangeOutcome) => ({ op: op.op, result: outcome.result, guestId: outcome.view.id, version: outcome.view.version, guest: outcome.view });
  switch (op.op) {
    case 'create': {
      const { view } = await createGuest(deps, em, restaurantId, { ...op.data, tableIds: requestedTables(op.data) }, caller);
      return { op: op.op, result: 'created', guestId: view.id, version: view.version, guest: view };
    }
    case 'update': {
      const guest = await load(op.guestId, op.version);
      return changed(await changeGuest(deps, em, guest, { ...op.data, tableIds: requestedTables(op.data) }, caller));
    }
    case 'move_party': {
      const guest = await load(op.guestId, op.version);
      if (guest.status !== 'seated') throw new HttpError(409, 'illegal_transition', 'Only a seated party can move tables', { from: guest.status, to: 'seated', allowed: [] });
      return changed(await changeGuest(deps, em, guest, { status: 'seated', tableIds: op.tableIds, overrideCapacity: op.overrideCapacity }, caller));
    }
    case 'free_table': {
      const guest = await load(op.guestId, op.version);
      if (guest.status !== 'seated' || !guest.tableIds.includes(op.tableId)) {
        throw new HttpError(409, 'party_not_at_table', 'This party does not sit at this table (anymore); reload', { tableId: op.tableId, current: guestView(guest, null) });
      }
      return changed(await changeGuest(deps, em, guest, { status: 'completed' }, caller));
    }
    case 'delete': {
      const guest = await load(op.guestId, op.version);
      const view = await deleteGuest(deps, em, guest, caller.userId);
      deleted.add(guest.id);
      return { op: op.op, result: 'deleted', guestId: guest.id, version: view.version, guest: null };
    }
  }
}

/** Guest operations with their places in the client's batch (a mixed batch interleaves table operations). */
export interface IndexedGuestOperation {
  index: number;
  op: GuestBatchOperation;
}

/**
 * Runs guest operations in order in the caller's transaction (a later operation sees the
 * earlier ones: free a table, then seat another party there); each change records its own
 * guest.* event. A failing operation is thrown as BatchOperationFailure naming its index.
 * Returns the results and the batch's part of batch.completed.
 */
export async function applyGuestOperations(
  deps: GuestsDeps,
  em: EntityManager,
  restaurantId: string,
  ops: IndexedGuestOperation[],
  caller: Caller,
): Promise<{ results: BatchResultItem[]; part: Omit<BatchCompletedData, 'batchId'> }> {
  const deleted = new Set<string>();
  const results: BatchResultItem[] = [];
  for (const { index, op } of ops) {
    try {
      results.push({ index, ...(await applyOne(deps, em, restaurantId, op, caller, deleted)) });
    } catch (err) {
      if (err instanceof HttpError || err instanceof DeferredFailure) throw new BatchOperationFailure(index, op.op, err);
      throw err;
    }
  }
  const positions = await waitlistPositions(em, restaurantId);
  const touched = [...new Set(results.map((r) => r.guestId))].filter((id) => !deleted.has(id));
  const finalGuests = touched.length > 0 ? await em.find(GuestSchema, { id: { $in: touched }, restaurantId }) : [];
  return {
    results,
    part: {
      changes: results.map(({ guest: _guest, ...change }) => change),
      guests: finalGuests.map((g) => guestView(g, positions.get(g.id) ?? null)),
      deletedGuestIds: [...deleted],
    },
  };
}

/**
 * Applies guest operations all-or-nothing in ONE transaction, in order. Each change records
 * its own guest.* event and the batch one batch.completed, all committing together; a
 * failing operation rolls everything back and is named by index.
 */
export async function runBatch(deps: GuestsDeps, em: EntityManager, restaurantId: string, ops: GuestBatchOperation[], caller: Caller): Promise<{ batchId: string; results: BatchResultItem[] }> {
  const batchId = randomUUID();
  const { results, part } = await applyGuestOperations(
    deps,
    em,
    restaurantId,
    ops.map((op, index) => ({ index, op })),
    caller,
  );
  recordBatchCompleted(em, restaurantId, { batchId, ...part }, userActor(caller.userId));
  return { batchId, results };
}
