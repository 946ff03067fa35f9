import { FloorBatchTableChanges, GuestView } from '@qtable/contracts';
import { z } from 'zod';
import { createGuestFields, tableIds, updateGuestFields, version } from '../fields';

export const MAX_BATCH_OPERATIONS = 100;

/**
 * Operations on the floor plan that a batch cannot carry (refused with 422
 * batch_spans_services): creating or deleting tables and sections could collide with
 * other writers between floor's prepare and its apply. The table operations a batch can
 * carry are below (applied by floor, atomically with the guest operations).
 */
export const FLOOR_OWNED_OPS = ['create_table', 'delete_table', 'create_section', 'update_section', 'delete_section'] as const;

const createOp = z.strictObject({ op: z.literal('create'), data: z.strictObject(createGuestFields) });
const updateOp = z.strictObject({ op: z.literal('update'), guestId: z.uuid(), version, data: z.strictObject(updateGuestFields) });
const deleteOp = z.strictObject({ op: z.literal('delete'), guestId: z.uuid(), version });
/** Completes the party at the table; guestId and version make sure it is the party the host saw there. */
const freeTableOp = z.strictObject({ op: z.literal('free_table'), tableId: z.uuid(), guestId: z.uuid(), version });
/** Moves a seated party to other tables (joined tables: several). */
const movePartyOp = z.strictObject({
  op: z.literal('move_party'),
  guestId: z.uuid(),
  version,
  tableIds: tableIds.refine((ids) => ids.length > 0, 'expected at least one table'),
  overrideCapacity: z.boolean().optional(),
});
/** Sets a table out of service (floor applies it when the batch commits). */
const setOutOfServiceOp = z.strictObject({ op: z.literal('set_table_out_of_service'), tableId: z.uuid(), version });
/** Sets a table out of service or back in service; occupied and reserved are derived, not written. */
const setTableStatusOp = z.strictObject({ op: z.literal('set_table_status'), tableId: z.uuid(), version, status: z.enum(['available', 'out_of_service']) });
/** Changes a table's capacity, shape, position or service state (no number, section or pairs in a batch). */
const updateTableOp = z.strictObject({
  op: z.literal('update_table'),
  tableId: z.uuid(),
  version,
  data: FloorBatchTableChanges.refine((d) => Object.keys(d).length > 0, 'expected at least one field to change').refine(
    (d) => d.minCapacity == null || d.capacity === undefined || d.minCapacity <= d.capacity,
    { message: 'expected minCapacity at most capacity', path: ['minCapacity'] },
  ),
});
export const TABLE_BATCH_OPS = ['set_table_out_of_service', 'set_table_status', 'update_table'] as const;

/** Accepted by the schema only to be refused with a clear 422 (batch_spans_services). */
const floorOwnedOp = z.looseObject({ op: z.enum(FLOOR_OWNED_OPS) });

export const batchOperation = z.discriminatedUnion('op', [
  createOp,
  updateOp,
  deleteOp,
  freeTableOp,
  movePartyOp,
  setOutOfServiceOp,
  setTableStatusOp,
  updateTableOp,
  floorOwnedOp,
]);
export type BatchOperation = z.infer<typeof batchOperation>;
export type TableBatchOperation = Extract<BatchOperation, { op: (typeof TABLE_BATCH_OPS)[number] }>;
export type GuestBatchOperation = Exclude<BatchOperation, { op: (typeof FLOOR_OWNED_OPS)[number] | (typeof TABLE_BATCH_OPS)[number] }>;

export const batchParams = z.object({ restaurantId: z.uuid() });
export const batchBody = z.strictObject({ operations: z.array(batchOperation).min(1).max(MAX_BATCH_OPERATIONS) });

const guestResult = z.object({
  index: z.number().int(),
  op: z.string(),
  result: z.enum(['created', 'updated', 'status_changed', 'deleted', 'unchanged']),
  guestId: z.uuid(),
  guest: GuestView.nullable().meta({ description: 'The party right after this operation (null when deleted)' }),
});
const tableResult = z.object({
  index: z.number().int(),
  op: z.enum(TABLE_BATCH_OPS),
  result: z.literal('accepted').meta({ description: 'Committed; floor applies it moments later (the batch.completed message lists the tables after)' }),
  tableId: z.uuid(),
});

export const batchResponse = z.object({
  batchId: z.uuid(),
  results: z.array(z.union([guestResult, tableResult])),
});
