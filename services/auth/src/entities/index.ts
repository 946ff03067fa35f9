import { MembershipSchema } from './membership';
import { OrganizationSchema } from './organization';
import { RefreshTokenSchema } from './refresh-token';
import { RestaurantSchema } from './restaurant';
import { UserSchema } from './user';

export { MembershipSchema, type Membership } from './membership';
export { OrganizationSchema, type Organization } from './organization';
export { RefreshTokenSchema, type RefreshToken } from './refresh-token';
export { RestaurantSchema, type Restaurant } from './restaurant';
export { UserSchema, type User } from './user';

export const authEntities = [OrganizationSchema, RestaurantSchema, UserSchema, MembershipSchema, RefreshTokenSchema];

/**
 * Tables for raw SQL. At runtime no search_path is set (PGlite shares one session between
 * services), so raw statements must name the schema.
 */
export const AUTH_SCHEMA = 'auth';
export const tables = {
  refreshToken: `"${AUTH_SCHEMA}"."refresh_token"`,
  membership: `"${AUTH_SCHEMA}"."membership"`,
} as const;
