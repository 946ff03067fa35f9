import { GuestView } from '@qtable/contracts';
import { z } from 'zod';
import { createGuestFields, tableIds, updateGuestFields, version } from '../fields';

export const MAX_BATCH_OPERATIONS = 100;

/** Operations on tables' own fields: floor's facts, which this service does not own. */
export const FLOOR_OWNED_OPS = [
  'create_table',
  'update_table',
  'delete_table',
  'set_table_out_of_service',
  'set_table_status',
  'create_section',
  'update_section',
  'delete_section',
] as const;

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
/** Accepted by the schema only to be refused with a clear 422 (batch_spans_services). */
const floorOwnedOp = z.looseObject({ op: z.enum(FLOOR_OWNED_OPS) });

export const batchOperation = z.discriminatedUnion('op', [createOp, updateOp, deleteOp, freeTableOp, movePartyOp, floorOwnedOp]);
export type BatchOperation = z.infer<typeof batchOperation>;
export type GuestBatchOperation = Exclude<BatchOperation, { op: (typeof FLOOR_OWNED_OPS)[number] }>;

export const batchParams = z.object({ restaurantId: z.uuid() });
export const batchBody = z.strictObject({ operations: z.array(batchOperation).min(1).max(MAX_BATCH_OPERATIONS) });

export const batchResponse = z.object({
  batchId: z.uuid(),
  results: z.array(
    z.object({
      index: z.number().int(),
      op: z.string(),
      result: z.enum(['created', 'updated', 'status_changed', 'deleted', 'unchanged']),
      guestId: z.uuid(),
      guest: GuestView.nullable().meta({ description: 'The party right after this operation (null when deleted)' }),
    }),
  ),
});
