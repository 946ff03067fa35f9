import { z } from 'zod';
import { placeName, restaurantSchema, role, settings, timeZone } from '../fields';

export const restaurantParams = z.object({ restaurantId: z.uuid() });

export const createRestaurantBody = z.strictObject({
  name: placeName,
  /** Default: DEFAULT_TIME_ZONE. */
  timeZone: timeZone.optional(),
  settings: settings.optional(),
});

/**
 * Fields absent are left as they are. `version` (or an If-Match header with the ETag of
 * GET) names the version the change is based on.
 */
export const updateRestaurantBody = z
  .strictObject({
    name: placeName.optional(),
    timeZone: timeZone.optional(),
    settings: settings.optional(),
    version: z.number().int().positive().optional(),
  })
  .refine((b) => b.name !== undefined || b.timeZone !== undefined || b.settings !== undefined, 'expected at least one of name, timeZone, settings');

export const restaurantWithRole = restaurantSchema.extend({ role });

export const createRestaurantResponse = z.object({
  restaurant: restaurantWithRole,
  access_token: z.string().meta({ description: 'A fresh access token that includes the new restaurant' }),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
});
