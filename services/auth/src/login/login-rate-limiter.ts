import { createHash } from 'node:crypto';
import { tooManyRequests } from '@qtable/http';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LoginRateLimits {
  /** Failed logins per account (email) within `accountWindowSeconds` before it is locked. */
  maxFailuresPerAccount: number;
  accountWindowSeconds: number;
  /** Login attempts (failed or not) per client address within `addressWindowSeconds`. */
  maxAttemptsPerAddress: number;
  addressWindowSeconds: number;
  keyPrefix: string;
}

const retryAfterSeconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * Login throttling (rate-limiter-flexible's "login endpoint protection" pattern):
 * - per client address, every attempt counts: slows credential stuffing across accounts
 *   and bounds the bcrypt work one client can cause;
 * - per account, failures count and a success resets: stops guessing one password from
 *   many addresses. The price, as with every account lockout, is that an attacker can keep
 *   an account locked for one window; its owner's other sessions keep working (refresh).
 * With Redis the counters are shared by every auth replica; the in-memory insurance limiter
 * takes over while Redis is unreachable, so logins keep working, per replica.
 */
export class LoginRateLimiter {
  private constructor(
    private readonly byAccount: RateLimiterAbstract,
    private readonly byAddress: RateLimiterAbstract,
    private readonly maxFailuresPerAccount: number,
  ) {}

  static fromConfig(limits: LoginRateLimits, redis?: Redis): LoginRateLimiter {
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      if (!redis) return memory;
      return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory });
    };
    return new LoginRateLimiter(
      make(`${limits.keyPrefix}:login-fail:account`, limits.maxFailuresPerAccount, limits.accountWindowSeconds),
      make(`${limits.keyPrefix}:login:address`, limits.maxAttemptsPerAddress, limits.addressWindowSeconds),
      limits.maxFailuresPerAccount,
    );
  }

  /** Counts the attempt against the address and refuses it (429) if the address or the account is over its limit. */
  async beforeAttempt(email: string, address: string): Promise<void> {
    try {
      await this.byAddress.consume(address);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw tooManyRequests(retryAfterSeconds(err));
      throw err;
    }
    const account = await this.byAccount.get(accountKey(email));
    if (account && account.consumedPoints >= this.maxFailuresPerAccount) throw tooManyRequests(retryAfterSeconds(account));
  }

  async recordFailure(email: string): Promise<void> {
    try {
      await this.byAccount.consume(accountKey(email));
    } catch (err) {
      // Over the limit already: the next attempt is refused by beforeAttempt.
      if (!(err instanceof RateLimiterRes)) throw err;
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byAccount.delete(accountKey(email));
  }
}

// Counters are keyed by a hash of the address, so the shared store holds no email addresses.
function accountKey(email: string): string {
  return createHash('sha256').update(email.toLowerCase()).digest('base64url').slice(0, 32);
}
