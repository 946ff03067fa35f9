import { ROLES } from '@qtable/contracts';
import { z } from 'zod';
import { canonicalTimeZone, isValidTimeZone } from '../domain/time-zone';

// Field schemas shared by the auth, restaurant and member bodies.

export const email = z.email({ error: 'expected an email address' }).max(254, 'expected at most 254 characters');
export const password = z.string().min(8, 'expected at least 8 characters').max(128, 'expected at most 128 characters');
export const personName = z.string().trim().min(1, 'expected a name').max(100, 'expected at most 100 characters');
export const placeName = z.string().trim().min(1, 'expected a name').max(120, 'expected at most 120 characters');
export const timeZone = z
  .string()
  .refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Paris or UTC')
  .transform((zone) => canonicalTimeZone(zone)!)
  .meta({ description: 'IANA time zone', example: 'Europe/Paris' });

const MAX_SETTINGS_BYTES = 16 * 1024;
export const settings = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_SETTINGS_BYTES, `expected at most ${MAX_SETTINGS_BYTES} bytes of settings`)
  .meta({ description: 'Free-form restaurant settings (JSON object)' });

export const role = z.enum(ROLES);

export const restaurantSchema = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    name: z.string(),
    timeZone: z.string(),
    settings: z.record(z.string(), z.unknown()),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Restaurant' });
