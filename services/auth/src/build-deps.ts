import type { ServiceContext } from '@qtable/runtime';
import { Redis } from 'ioredis';
import type { AuthConfig } from './config';
import { emOf, type AuthDeps } from './deps';
import { createLocalAuthenticator } from './login/local-authenticator';
import { LoginRateLimiter } from './login/login-rate-limiter';
import { AccessTokenSigner } from './tokens/access-token-signer';
import { RefreshTokenStore } from './tokens/refresh-token-store';

/** Redis for shared login counters: fail fast while it is away (the in-memory insurance limiter answers). */
export function connectRedis(url: string, ctx: ServiceContext<AuthConfig>): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectionName: 'qtable-auth',
    // ioredis keeps a 2 s timer after disconnect() while reconnecting, holding shutdown up for nothing.
    disconnectTimeout: 250,
  });
  let healthy = true;
  redis.on('ready', () => {
    if (!healthy) ctx.logger.info({ component: 'redis' }, 'redis reachable again; login counters shared again');
    healthy = true;
  });
  redis.on('error', (err: Error) => {
    // ioredis reports every failed reconnect; log the transition only.
    if (healthy) ctx.logger.warn({ component: 'redis', err: err.message }, 'redis unreachable; login counters are per replica until it returns');
    healthy = false;
  });
  return redis;
}

export async function buildDeps(ctx: ServiceContext<AuthConfig>, redis: Redis | undefined): Promise<AuthDeps> {
  const { config } = ctx;
  if (config.BCRYPT_COST < 10) ctx.logger.warn({ cost: config.BCRYPT_COST }, 'BCRYPT_COST below 10: fine for tests, too weak for production');
  const em = emOf(ctx.orm);
  return {
    config,
    logger: ctx.logger,
    em,
    signer: new AccessTokenSigner({
      privateKey: config.JWT_PRIVATE_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    }),
    refreshTokens: new RefreshTokenStore(config.REFRESH_TOKEN_TTL_SECONDS),
    limiter: LoginRateLimiter.fromConfig(
      {
        maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        accountWindowSeconds: config.LOGIN_ACCOUNT_WINDOW_SECONDS,
        maxAttemptsPerAddress: config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
        addressWindowSeconds: config.LOGIN_ADDRESS_WINDOW_SECONDS,
        keyPrefix: config.RATE_LIMIT_KEY_PREFIX,
      },
      redis,
    ),
    authenticateLocal: await createLocalAuthenticator({ em, bcryptCost: config.BCRYPT_COST }),
    counters: {
      logins: ctx.metrics.counter('auth_login_attempts_total', 'Login attempts by outcome', ['outcome']),
      refreshes: ctx.metrics.counter('auth_token_refreshes_total', 'Refresh token exchanges by outcome', ['outcome']),
    },
    outboxCommitted: () => ctx.outboxCommitted(),
  };
}
