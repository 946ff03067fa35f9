import type { DeliveredEvent, Subscription } from '../event-bus';

/**
 * Remembers handled event ids for consumers without a database (the realtime gateway).
 * Implementations: InMemoryProcessedEventStore here; a Redis one will follow.
 */
export interface ProcessedEventStore {
  /** Records the id; true if it was not recorded yet (handle the event), false if it was. */
  markIfNew(consumerId: string, eventId: string): Promise<boolean>;
  /**
   * Removes the id again. Marking happens before handling (there is no transaction to tie
   * them together), so a handler that fails must be forgotten, or its redelivery would be
   * skipped and the event lost.
   */
  forget(consumerId: string, eventId: string): Promise<void>;
}

export interface InMemoryProcessedEventStoreOptions {
  /** Ids kept at most; the oldest go first. Default 100 000. */
  maxEntries?: number;
  /** How long an id is remembered. Default 1 hour: redeliveries come well within it. */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Dedupe within one process, bounded in size and age (a Map kept in insertion order, so
 * the oldest entry is always first: both evictions are O(1)). Forgets everything on
 * restart, which is fine for consumers whose effects do not survive a restart either
 * (socket pushes).
 */
export class InMemoryProcessedEventStore implements ProcessedEventStore {
  private readonly seen = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: InMemoryProcessedEventStoreOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 100_000);
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.now = options.now ?? Date.now;
  }

  async markIfNew(consumerId: string, eventId: string): Promise<boolean> {
    const now = this.now();
    this.evictExpired(now);
    const key = `${consumerId}\u0000${eventId}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, now + this.ttlMs);
    if (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value as string);
    return true;
  }

  async forget(consumerId: string, eventId: string): Promise<void> {
    this.seen.delete(`${consumerId}\u0000${eventId}`);
  }

  /** Entries currently remembered (for tests and metrics). */
  get size(): number {
    return this.seen.size;
  }

  private evictExpired(now: number): void {
    for (const [key, expiresAt] of this.seen) {
      if (expiresAt > now) return;
      this.seen.delete(key);
    }
  }
}

/**
 * A Subscription.onEvent that skips events `store` has seen for `consumerId`, and forgets
 * an event whose handler throws so that its redelivery is handled.
 */
export function deduplicated(store: ProcessedEventStore, consumerId: string, handler: (event: DeliveredEvent) => Promise<void>): Subscription['onEvent'] {
  return async (event) => {
    if (!(await store.markIfNew(consumerId, event.envelope.id))) return;
    try {
      await handler(event);
    } catch (err) {
      await store.forget(consumerId, event.envelope.id);
      throw err;
    }
  };
}
