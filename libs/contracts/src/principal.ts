import type { Role } from './roles';

/**
 * Who is calling, as carried by an access token. Memberships travel in the token so that
 * every service can authorize without calling auth; a change of membership reaches the
 * other services when the short-lived access token is refreshed.
 */
export interface Principal {
  userId: string;
  email: string;
  organizationId: string;
  /** restaurant id -> role in that restaurant */
  memberships: Record<string, Role>;
}

/** Claims of a QTable access token (JWT, ES256). */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  org: string;
  /** restaurant id -> role */
  rst: Record<string, Role>;
  /** Expiry, seconds since the epoch (registered claim, set by the signer). */
  exp?: number;
}
