import type { Principal } from '@qtable/contracts';
import { roleAllows } from '@qtable/contracts';
import type { JwtAuthenticator } from '@qtable/http';
import jwt from 'jsonwebtoken';

export interface SocketCredentials {
  principal: Principal;
  /** When the access token expires (ms since epoch): the connection is closed then. */
  expiresAt: number;
}

/** The bearer token of an `Authorization` header, if it is one. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}

/**
 * Verifies an access token exactly as the REST API does (authenticator.verifyToken: ES256,
 * issuer, audience, expiry); null when it is missing or invalid.
 */
export function verifySocketToken(authenticator: JwtAuthenticator, token: string | undefined): SocketCredentials | null {
  if (!token || token.length > 8192) return null;
  try {
    const principal = authenticator.verifyToken(token);
    // Verified just above; decode only reads its expiry.
    const exp = (jwt.decode(token) as { exp?: unknown } | null)?.exp;
    if (typeof exp !== 'number') return null;
    return { principal, expiresAt: exp * 1000 };
  } catch {
    return null;
  }
}

/** Whether the token lets its holder receive a restaurant's realtime messages. */
export const canRead = (principal: Principal, restaurantId: string): boolean => {
  const role = principal.memberships[restaurantId];
  return role !== undefined && roleAllows(role, 'read');
};

/** Calls `onExpired` when the token expires (setTimeout cannot wait longer than ~24.8 days: tokens never live that long). */
export function onTokenExpiry(expiresAt: number, onExpired: () => void): NodeJS.Timeout {
  const timer = setTimeout(onExpired, Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1));
  timer.unref();
  return timer;
}
