import type { Principal } from '@qtable/contracts';
import { LRUCache } from 'lru-cache';

export interface VerifiedTokenCacheOptions {
  /** Total characters of cached tokens; bounds memory whatever the tokens' size. Default 8 M. */
  maxTokenChars?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/**
 * Principals of access tokens that passed verification, until each token's own `exp`.
 *
 * A host device sends the same token with every request for its lifetime, and ES256
 * verification plus passport cost ~0.2 ms of CPU per request: a tenth of a waitlist create.
 * Keyed by the whole token, signature included, so only the exact bytes that verified can
 * hit; a hit past `exp` is dropped and the caller verifies again (and gets "expired").
 * Caching changes nothing a verification would decide: tokens are checked locally, with no
 * revocation list, so a token is valid until `exp` either way.
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, { principal: Principal; expiresAtMs: number }>;
  private readonly now: () => number;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.entries = new LRUCache({ maxSize: options.maxTokenChars ?? 8_000_000, sizeCalculation: (_, token) => token.length });
  }

  /** The principal of a token verified before and not expired now, or undefined. */
  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  /** Remembers a verified token; one without `exp` (never issued by auth) is not cached. */
  remember(token: string, principal: Principal, expSeconds: number | undefined): void {
    if (typeof expSeconds !== 'number' || !Number.isFinite(expSeconds)) return;
    // Shared by every request that presents the token: nobody may change it.
    Object.freeze(principal.memberships);
    this.entries.set(token, { principal: Object.freeze(principal), expiresAtMs: expSeconds * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
