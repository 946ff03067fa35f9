import { TABLE_STATUSES } from '@qtable/contracts';
import { z } from 'zod';
import { capacity, combinableWith, coordinate, rotation, shape, size, status, tableNumber, version } from '../fields';

export const tableParams = z.object({ restaurantId: z.uuid(), tableId: z.uuid() });

export const listTablesQuery = z.strictObject({
  sectionId: z.uuid().optional(),
  status: z.enum(TABLE_STATUSES).optional(),
});

const minCapacityWithinCapacity = (b: { capacity?: number; minCapacity?: number | null }) =>
  b.minCapacity == null || b.capacity === undefined || b.minCapacity <= b.capacity;
const minCapacityIssue = { message: 'expected minCapacity at most capacity', path: ['minCapacity'] };

/** Every field a table is made of; create requires number and capacity, update nothing. */
const tableFields = z.strictObject({
  number: tableNumber,
  capacity,
  minCapacity: capacity.nullable().optional(),
  shape: shape.optional(),
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: size.optional(),
  height: size.optional(),
  rotation: rotation.optional(),
  sectionId: z.uuid().nullable().optional(),
  outOfService: z.boolean().optional(),
  /** The seed's way to create a table out of service (or toggle it). */
  status: status.optional(),
  combinableWith: combinableWith.optional(),
});

export const createTableBody = tableFields.refine(minCapacityWithinCapacity, minCapacityIssue);
export type CreateTableBody = z.infer<typeof createTableBody>;

/** The fields a host may change during service; everything else shapes the floor plan. */
export const OPERATE_FIELDS = new Set(['status', 'outOfService', 'version']);

/** Fields absent are left as they are; `combinableWith` replaces the whole set. */
export const updateTableBody = tableFields
  .partial()
  .extend({ version: version.optional() })
  .refine(minCapacityWithinCapacity, minCapacityIssue)
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), 'expected at least one field to change');
export type UpdateTableBody = z.infer<typeof updateTableBody>;
