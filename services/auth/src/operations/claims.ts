import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessTokenClaims } from '@qtable/contracts';
import { unauthorized } from '@qtable/http';
import type { AuthDeps } from '../deps';
import { MembershipSchema, UserSchema } from '../entities';

/**
 * Claims are read from the database at every login and refresh, so a granted or revoked
 * membership reaches every service within one access-token lifetime.
 */
export async function loadClaims(em: EntityManager, userId: string): Promise<AccessTokenClaims | undefined> {
  const user = await em.findOne(UserSchema, { id: userId });
  if (!user) return undefined;
  const memberships = await em.find(MembershipSchema, { userId, revokedAt: null });
  return { sub: user.id, email: user.email, org: user.organizationId, rst: Object.fromEntries(memberships.map((m) => [m.restaurantId, m.role])) };
}

export interface AccessTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
}
export interface TokenResponse extends AccessTokenResponse {
  refresh_token: string;
}

export async function accessTokenFor(deps: AuthDeps, em: EntityManager, userId: string): Promise<AccessTokenResponse> {
  const claims = await loadClaims(em, userId);
  if (!claims) throw unauthorized('The account no longer exists', 'invalid_credentials');
  return { access_token: deps.signer.sign(claims), token_type: 'bearer', expires_in: deps.signer.ttlSeconds };
}

/** A new session: access token plus the first refresh token of a new family. */
export async function startSession(deps: AuthDeps, em: EntityManager, userId: string): Promise<TokenResponse> {
  const access = await accessTokenFor(deps, em, userId);
  return { ...access, refresh_token: await deps.refreshTokens.issue(em, userId) };
}
