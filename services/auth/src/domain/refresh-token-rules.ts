import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens are opaque 256-bit random strings. Only their SHA-256 is stored: a leaked
 * table grants nothing, and a fast hash is enough because the input has full entropy (no
 * dictionary to try, unlike passwords). The prefix lets secret scanners recognise them.
 */
export const REFRESH_TOKEN_PREFIX = 'qtr_';

export function newRefreshToken(): string {
  return REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Why a stored token was revoked. `rotated`: exchanged for its successor. */
export type RevokedReason = 'rotated' | 'logout' | 'reuse_detected';

export type RefreshRejection = 'invalid_refresh_token' | 'refresh_token_expired' | 'refresh_token_reused' | 'refresh_token_revoked';

/** The stored state of a presented token that could not be rotated. */
export interface UnusableToken {
  revokedReason: RevokedReason | null;
  /** Per the database clock, so every replica judges expiry the same way. */
  expired: boolean;
}

/**
 * Decides what a token that failed rotation means. A token already exchanged for a
 * successor is presented again only by someone who copied it (or by a client racing
 * itself): either way the family is compromised, so every token of it is revoked
 * (OAuth 2.0 Security BCP, refresh token rotation).
 */
export function classifyUnusableToken(token: UnusableToken | undefined): { code: RefreshRejection; revokeFamily: boolean } {
  if (!token) return { code: 'invalid_refresh_token', revokeFamily: false };
  if (token.revokedReason === 'rotated') return { code: 'refresh_token_reused', revokeFamily: true };
  if (token.revokedReason) return { code: 'refresh_token_revoked', revokeFamily: false };
  if (token.expired) return { code: 'refresh_token_expired', revokeFamily: false };
  // Live and unexpired yet not rotated: only possible if it changed between our two statements.
  return { code: 'invalid_refresh_token', revokeFamily: false };
}
