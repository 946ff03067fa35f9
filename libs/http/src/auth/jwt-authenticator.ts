import type { AccessTokenClaims, Principal } from '@qtable/contracts';
import { ROLES } from '@qtable/contracts';
import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Middleware } from 'koa';
import { KoaPassport } from 'koa-passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { unauthorized } from '../errors';

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

/**
 * Verifies access tokens locally (ES256 public key, issuer, audience, expiry) with passport-jwt;
 * no call to the auth service. Sets `ctx.state.principal` or answers 401.
 */
export function createJwtAuthenticator(options: JwtVerifyOptions) {
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
      (claims: Partial<AccessTokenClaims>, done: (err: unknown, user?: Principal | false) => void) => done(null, toPrincipal(claims)),
    ),
  );

  const authenticate: Middleware = (ctx, next) =>
    passport.authenticate('jwt', { session: false }, async (err: unknown, principal: Principal | false, info: unknown) => {
      if (err || !principal) {
        const reason = info instanceof Error && info.name === 'TokenExpiredError' ? 'Access token expired' : 'Missing or invalid access token';
        throw unauthorized(reason, info instanceof Error && info.name === 'TokenExpiredError' ? 'token_expired' : 'unauthorized');
      }
      ctx.state.principal = principal;
      await next();
    })(ctx, next);

  /**
   * For transports without a koa context (WebSocket upgrade, Socket.IO handshake): the same
   * checks as the strategy, through the same library passport-jwt uses.
   */
  const verifyToken = (token: string): Principal => {
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
    return principal;
  };

  return { authenticate, verifyToken };
}
export type JwtAuthenticator = ReturnType<typeof createJwtAuthenticator>;
