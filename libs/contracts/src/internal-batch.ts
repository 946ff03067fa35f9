import { z } from 'zod';
import { TABLE_SHAPES } from './views';

// The service-to-service API of the cross-service batch (docs/batch.md). Authenticated by
// a shared secret (INTERNAL_API_TOKEN) sent as `Authorization: Bearer <secret>`; never
// reachable with a user's access token.

/** Floor operations a guests batch may carry: bounded to changes that cannot fail once prepared. */
export const FLOOR_BATCH_OPS = ['set_table_out_of_service', 'set_table_status', 'update_table'] as const;
export type FloorBatchOpName = (typeof FLOOR_BATCH_OPS)[number];

/** The table fields a batch may change (no number, section or pairs: those could collide with other writers before the apply). */
export const FloorBatchTableChanges = z.strictObject({
  capacity: z.number().int().min(1).max(50).optional(),
  minCapacity: z.number().int().min(1).max(50).nullable().optional(),
  shape: z.enum(TABLE_SHAPES).optional(),
  // The floor's bounds (services/floor/src/domain/table-fields.ts FLOOR_BOUNDS).
  x: z.number().min(-10_000).max(10_000).optional(),
  y: z.number().min(-10_000).max(10_000).optional(),
  width: z.number().min(1).max(2_000).optional(),
  height: z.number().min(1).max(2_000).optional(),
  rotation: z.number().min(-360).max(360).optional(),
  outOfService: z.boolean().optional(),
});
export type FloorBatchTableChanges = z.infer<typeof FloorBatchTableChanges>;

/** One floor operation as guests forwards it: `index` is its place in the client's batch. */
export const FloorBatchOperation = z.strictObject({
  index: z.number().int().min(0).max(1000),
  op: z.enum(FLOOR_BATCH_OPS),
  tableId: z.uuid(),
  version: z.number().int().positive(),
  changes: FloorBatchTableChanges,
});
export type FloorBatchOperation = z.infer<typeof FloorBatchOperation>;

/** POST /internal/batches/{batchId}/prepare (floor). */
export const PrepareBatchRequest = z.strictObject({
  restaurantId: z.uuid(),
  actorId: z.string().min(1).max(200),
  operations: z.array(FloorBatchOperation).min(1).max(100),
});
export type PrepareBatchRequest = z.infer<typeof PrepareBatchRequest>;

/** POST /internal/batches/{batchId}/decision (guests): abort unless already decided; answers the decision. */
export const BatchDecisionRequest = z.strictObject({ restaurantId: z.uuid() });
export const BatchDecisionResponse = z.object({ batchId: z.uuid(), decision: z.enum(['committed', 'aborted']) });
export type BatchDecisionResponse = z.infer<typeof BatchDecisionResponse>;

/** One floor change of an applied batch, as batch.floor_applied and batch.completed list it. */
export interface FloorBatchChange {
  index: number;
  op: FloorBatchOpName;
  result: 'updated' | 'unchanged';
  tableId: string;
  version: number;
}
