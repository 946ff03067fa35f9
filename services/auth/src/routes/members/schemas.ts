import { z } from 'zod';
import { email, password, personName, role } from '../fields';

export const membersParams = z.object({ restaurantId: z.uuid() });
export const memberParams = z.object({ restaurantId: z.uuid(), userId: z.uuid() });

export const inviteMemberBody = z.strictObject({
  email,
  role,
  /** Required when the email has no account yet; refused when it has one. */
  password: password.optional(),
  /** For a new account; default: the email's local part. */
  name: personName.optional(),
});

export const memberSchema = z
  .object({ userId: z.uuid(), email: z.string(), name: z.string(), restaurantId: z.uuid(), role, grantedAt: z.iso.datetime() })
  .meta({ id: 'Member' });
