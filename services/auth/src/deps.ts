import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrm } from '@qtable/db';
import type { Logger } from '@qtable/observability';
import type { Counter } from 'prom-client';
import type { AuthConfig } from './config';
import type { LocalAuthenticator } from './login/local-authenticator';
import type { LoginRateLimiter } from './login/login-rate-limiter';
import type { AccessTokenSigner } from './tokens/access-token-signer';
import type { RefreshTokenStore } from './tokens/refresh-token-store';

/** Everything the auth routes and operations use, built once in service.ts. */
export interface AuthDeps {
  config: AuthConfig;
  logger: Logger;
  /** A fresh EntityManager per unit of work (the global one is disabled). */
  em(): EntityManager;
  signer: AccessTokenSigner;
  refreshTokens: RefreshTokenStore;
  limiter: LoginRateLimiter;
  authenticateLocal: LocalAuthenticator;
  counters: {
    logins: Counter<'outcome'>;
    refreshes: Counter<'outcome'>;
  };
  /** Tells the outbox relay that a commit recorded events. */
  outboxCommitted(): void;
}

export const emOf = (orm: ServiceOrm) => (): EntityManager => orm.em.fork();
