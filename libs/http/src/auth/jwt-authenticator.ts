import type { AccessTokenClaims, Principal } from '@qtable/contracts';
import { ROLES } from '@qtable/contracts';
import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Middleware } from 'koa';
import { KoaPassport } from 'koa-passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { unauthorized } from '../errors';
import { VerifiedTokenCache } from './verified-token-cache';

export interface JwtVerifyOptions {
  publicKey: string;
  issuer: string;
  audience: string;
}

/** The one signing algorithm accepted; pinning it defeats `alg: none` and HS256-with-public-key confusion. */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';

function toPrincipal(claims: Partial<AccessTokenClaims>): Principal | false {
  if (typeof claims.sub !== 'string' || typeof claims.org !== 'string' || typeof claims.email !== 'string') return false;
  const rst = claims.rst ?? {};
  if (typeof rst !== 'object' || Object.values(rst).some((role) => !ROLES.includes(role))) return false;
  return { userId: claims.sub, email: claims.email, organizationId: claims.org, memberships: rst };
}

/** What the strategy hands passport: the principal, and the expiry the cache needs. */
interface Verified {
  principal: Principal;
  exp: number | undefined;
}

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Verifies access tokens locally (ES256 public key, issuer, audience, expiry) with passport-jwt;
 * no call to the auth service. Sets `ctx.state.principal` or answers 401. A token that verified
 * is remembered until its expiry (VerifiedTokenCache), for both HTTP and the socket handshakes.
 */
export function createJwtAuthenticator(options: JwtVerifyOptions, cache = new VerifiedTokenCache()) {
  // Parsed once: handing jsonwebtoken the PEM string re-parses the key on every request.
  const publicKey = createPublicKey(options.publicKey);
  const passport = new KoaPassport();
  passport.use(
    'jwt',
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: publicKey as unknown as string,
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: options.issuer,
        audience: options.audience,
      },
      (claims: Partial<AccessTokenClaims>, done: (err: unknown, user?: Verified | false) => void) => {
        const principal = toPrincipal(claims);
        done(null, principal && { principal, exp: claims.exp });
      },
    ),
  );

  const authenticate: Middleware = (ctx, next) => {
    const token = bearerToken(ctx.req);
    const cached = token ? cache.get(token) : undefined;
    if (cached) {
      ctx.state.principal = cached;
      return next();
    }
    return passport.authenticate('jwt', { session: false }, async (err: unknown, verified: Verified | false, info: unknown) => {
      if (err || !verified) {
        const reason = info instanceof Error && info.name === 'TokenExpiredError' ? 'Access token expired' : 'Missing or invalid access token';
        throw unauthorized(reason, info instanceof Error && info.name === 'TokenExpiredError' ? 'token_expired' : 'unauthorized');
      }
      if (token) cache.remember(token, verified.principal, verified.exp);
      ctx.state.principal = verified.principal;
      await next();
    })(ctx, next);
  };

  /**
   * For transports without a koa context (WebSocket upgrade, Socket.IO handshake): the same
   * checks as the strategy, through the same library passport-jwt uses.
   */
  const verifyToken = (token: string): Principal => {
    const cached = cache.get(token);
    if (cached) return cached;
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = jwt.verify(token, publicKey, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: options.issuer,
        audience: options.audience,
      }) as Partial<AccessTokenClaims>;
    } catch {
      throw unauthorized('Missing or invalid access token');
    }
    const principal = toPrincipal(claims);
    if (!principal) throw unauthorized('Missing or invalid access token');
    cache.remember(token, principal, claims.exp);
    return principal;
  };

  return { authenticate, verifyToken };
}
export type JwtAuthenticator = ReturnType<typeof createJwtAuthenticator>;
