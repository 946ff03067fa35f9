import { unauthorized } from '@qtable/http';
import type { AuthDeps } from '../deps';
import type { RefreshRejection } from '../domain/refresh-token-rules';
import { accessTokenFor, type TokenResponse } from './claims';

const MESSAGES: Record<RefreshRejection, string> = {
  invalid_refresh_token: 'Unknown refresh token; log in again',
  refresh_token_expired: 'Refresh token expired; log in again',
  refresh_token_reused: 'Refresh token already used; the session was ended for safety, log in again',
  refresh_token_revoked: 'Session ended; log in again',
};

/** Exchanges a refresh token for a new access token and its successor refresh token. */
export async function refresh(deps: AuthDeps, presented: string): Promise<TokenResponse> {
  const em = deps.em();
  const rotation = await deps.refreshTokens.rotate(em, presented);
  deps.counters.refreshes.inc({ outcome: rotation.ok ? 'success' : rotation.code });
  if (!rotation.ok) {
    if (rotation.code === 'refresh_token_reused') {
      deps.logger.warn({ userId: rotation.userId }, 'refresh token reuse detected (stolen token, or a client refreshing twice); the session was revoked');
    }
    throw unauthorized(MESSAGES[rotation.code], rotation.code);
  }
  return { ...(await accessTokenFor(deps, em, rotation.userId)), refresh_token: rotation.refreshToken };
}

export async function logout(deps: AuthDeps, presented: string): Promise<void> {
  await deps.refreshTokens.revokeFamilyOf(deps.em(), presented);
}
