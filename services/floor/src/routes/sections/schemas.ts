import { z } from 'zod';
import { color, sectionName, sectionOrder, version } from '../fields';

export const sectionParams = z.object({ restaurantId: z.uuid(), sectionId: z.uuid() });

export const createSectionBody = z.strictObject({
  name: sectionName,
  color,
  /** Default: after the last section. */
  order: sectionOrder.optional(),
});
export type CreateSectionBody = z.infer<typeof createSectionBody>;

export const updateSectionBody = z
  .strictObject({
    name: sectionName.optional(),
    color: color.optional(),
    order: sectionOrder.optional(),
    version: version.optional(),
  })
  .refine((b) => b.name !== undefined || b.color !== undefined || b.order !== undefined, 'expected at least one of name, color, order');
export type UpdateSectionBody = z.infer<typeof updateSectionBody>;
