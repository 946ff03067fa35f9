import { z } from 'zod';
import { email, password, personName, placeName, restaurantSchema, role, timeZone } from '../fields';

export const registerBody = z.strictObject({
  email,
  password,
  name: personName,
  /** Default: "My restaurant". */
  restaurantName: placeName.optional(),
  /** Default: the restaurant name. */
  organizationName: placeName.optional(),
  /** Default: DEFAULT_TIME_ZONE. */
  timeZone: timeZone.optional(),
});

// Login checks credentials, not formats: a malformed email is just a failed login.
const loginIdentifier = z.string().min(1, 'expected the email').max(254, 'expected at most 254 characters');
const loginPassword = z.string().min(1, 'expected the password').max(128, 'expected at most 128 characters');

export const loginJsonBody = z.strictObject({ email: loginIdentifier, password: loginPassword });
/** The OAuth2 password grant form FastAPI's OAuth2PasswordRequestForm read (the iOS app sends it). */
export const loginFormBody = z.strictObject({
  username: loginIdentifier,
  password: loginPassword,
  grant_type: z.literal('password').optional(),
  scope: z.string().max(1000).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
});
export const loginBody = z.union([loginJsonBody, loginFormBody]);

export const refreshTokenBody = z.strictObject({ refresh_token: z.string().min(1).max(200) });

export const tokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.number().int().meta({ description: 'Access token lifetime in seconds' }),
    refresh_token: z.string(),
  })
  .meta({ id: 'TokenResponse' });

export const userSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string(), createdAt: z.iso.datetime() });
export const organizationSchema = z.object({ id: z.uuid(), name: z.string() });

export const registerResponse = tokenResponse.extend({
  user: userSchema,
  organization: organizationSchema,
  restaurant: restaurantSchema.extend({ role }),
});

export const meResponse = userSchema.extend({
  organization: organizationSchema,
  memberships: z.array(
    z.object({ restaurantId: z.uuid(), restaurantName: z.string(), role, organizationId: z.uuid(), organizationName: z.string() }),
  ),
});
