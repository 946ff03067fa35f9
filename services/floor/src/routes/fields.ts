import { TABLE_SHAPES, TABLE_STATUSES } from '@qtable/contracts';
import { z } from 'zod';
import { FLOOR_BOUNDS as B } from '../domain/table-fields';

// Field schemas shared by the table and section bodies. Every string is bounded and every
// number range-checked here, so nothing out of range ever reaches the database.

export const tableNumber = z
  .string()
  .trim()
  .min(1, 'expected a table number such as "12" or "P3"')
  .max(20, 'expected at most 20 characters')
  .regex(/^[\p{L}\p{N}](?:[\p{L}\p{N} ._#/-]*[\p{L}\p{N}])?$/u, 'expected letters and digits, e.g. "12", "P3" or "Bar 2"')
  .meta({ description: 'The label staff say, unique among the live tables of the restaurant', example: 'P3' });

export const capacity = z
  .number()
  .int('expected a whole number of seats')
  .min(B.capacityMin, `expected ${B.capacityMin} to ${B.capacityMax} seats`)
  .max(B.capacityMax, `expected ${B.capacityMin} to ${B.capacityMax} seats`);

export const shape = z.enum(TABLE_SHAPES);
export const coordinate = z.number().min(B.coordinateMin).max(B.coordinateMax);
export const size = z.number().min(B.sizeMin).max(B.sizeMax);
export const rotation = z.number().min(-360).max(360).meta({ description: 'Degrees; stored normalized to [0, 360)' });
export const status = z.enum(TABLE_STATUSES).meta({
  description: 'Only out_of_service and available may be written; occupied and reserved are derived from seating and holds',
});
export const combinableWith = z
  .array(z.uuid())
  .max(B.combinableMax, `expected at most ${B.combinableMax} tables`)
  .refine((ids) => new Set(ids).size === ids.length, 'expected each table once')
  .meta({ description: 'Tables of the same restaurant this one can be joined with; the relation is kept symmetric' });

export const sectionName = z
  .string()
  .trim()
  .min(1, 'expected a name')
  .max(60, 'expected at most 60 characters')
  .regex(/^[^\p{Cc}]+$/u, 'expected no control characters');

export const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as #rrggbb')
  .transform((c) => c.toLowerCase())
  .meta({ example: '#4a90e2' });

export const sectionOrder = z.number().int('expected a whole number').min(0).max(10_000);

/** `version` in a body: the version the write is based on (or send If-Match). */
export const version = z.number().int().positive();

export const restaurantParams = z.object({ restaurantId: z.uuid() });

/** DELETE names the version it deletes as `?version=` (or If-Match). */
export const deleteQuery = z.strictObject({
  version: z.coerce.number().int().positive().optional().meta({ description: 'The version deleted (or send If-Match)' }),
});
