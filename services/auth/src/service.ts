import { defineService } from '@qtable/runtime';
import { buildDeps, connectRedis } from './build-deps';
import { authConfigSchema, checkAuthConfig } from './config';
import { authEntities } from './entities';
import { authMigrations } from './migrations';
import { bootstrapAdmin } from './operations/bootstrap-admin';
import { authRouter } from './routes/auth/router';
import { jwksRouter } from './routes/jwks/router';
import { membersRouter } from './routes/members/router';
import { restaurantsRouter } from './routes/restaurants/router';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Accounts, organizations, restaurants, memberships and sessions; the only holder of the
 * token signing key. Every other service trusts its access tokens via the public key.
 */
export const authService = defineService({
  name: 'auth',
  entities: authEntities,
  migrations: authMigrations,
  configSchema: authConfigSchema,
  async create(ctx) {
    checkAuthConfig(ctx.config);
    const redis = ctx.config.REDIS_URL ? connectRedis(ctx.config.REDIS_URL, ctx) : undefined;
    const deps = await buildDeps(ctx, redis);
    let purgeTimer: NodeJS.Timeout | undefined;
    const purge = () =>
      deps.refreshTokens.purgeExpired(deps.em()).catch((err: unknown) => ctx.logger.warn({ err }, 'purging expired refresh tokens failed'));

    return {
      apiRouters: [
        authRouter(deps, ctx.authenticator),
        restaurantsRouter(deps, ctx.authenticator),
        membersRouter(deps, ctx.authenticator),
        jwksRouter(deps.signer, ctx.authenticator),
      ],
      // The runtime checks the database; Redis is optional: without it logins still work, with per-replica counters.
      readiness: redis ? [{ name: 'auth-redis', optional: true, check: async () => void (await redis.ping()) }] : [],
      async start() {
        await bootstrapAdmin(deps);
        // Every replica purges; the DELETE is idempotent, so no coordination is needed.
        purgeTimer = setInterval(purge, PURGE_INTERVAL_MS).unref();
      },
      async stop() {
        clearInterval(purgeTimer);
        redis?.disconnect();
      },
    };
  },
});
