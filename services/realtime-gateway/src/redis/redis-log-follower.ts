import type { Logger } from '@qtable/observability';
import { compareCursors, RedisRealtimeLog, type StreamEntry } from '@qtable/realtime-log';
import type { Redis } from 'ioredis';

type XReadReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

export interface FollowerHandlers {
  /** Every entry of a followed restaurant, once, in stream order. */
  entry(restaurantId: string, entry: StreamEntry): void;
  /** A restaurant could only be followed later than asked (Redis was away): its clients may have missed messages. */
  lateStart(restaurantId: string, head: string): void;
}

/**
 * Tails the per-restaurant log streams of the restaurants that have plain WebSocket clients
 * on THIS replica, with one blocking XREAD over all of them on a dedicated connection. It is
 * how a message appended by whichever replica handled the event reaches every replica's
 * WebSocket clients: in stream (= cursor) order, exactly once per replica (a position per
 * restaurant only moves forward), and without loss across a broken connection (XREAD
 * resumes from the position). Following a new restaurant starts at its head and interrupts
 * the blocked read (CLIENT UNBLOCK) so it is included at once.
 */
export class RedisLogFollower {
  private readonly wanted = new Set<string>();
  private readonly positions = new Map<string, string>();
  private readonly reader: Redis;
  private readerId: string | undefined;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private wakeIdle: (() => void) | undefined;

  constructor(
    private readonly log: RedisRealtimeLog,
    private readonly handlers: FollowerHandlers,
    private readonly logger: Logger,
    private readonly options: { blockMs?: number; count?: number } = {},
  ) {
    this.reader = log.redis.duplicate({ connectionName: `${log.prefix}:realtime-follower` });
    this.reader.on('error', () => undefined);
    this.reader.on('ready', () => {
      this.reader.call('CLIENT', 'ID').then((id) => (this.readerId = String(id)), () => undefined);
    });
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    this.reader.disconnect();
    await this.loop;
  }

  /** Starts delivering the restaurant's new entries. False if Redis is away (retried by `resume()`). */
  async follow(restaurantId: string): Promise<boolean> {
    this.wanted.add(restaurantId);
    if (this.positions.has(restaurantId)) return true;
    try {
      const head = await this.log.head(restaurantId);
      if (this.wanted.has(restaurantId) && !this.positions.has(restaurantId)) this.positions.set(restaurantId, head);
      this.wake();
      return true;
    } catch (err) {
      this.logger.debug({ err, restaurantId }, 'cannot follow yet: redis unreachable');
      return false;
    }
  }

  unfollow(restaurantId: string): void {
    this.wanted.delete(restaurantId);
    this.positions.delete(restaurantId);
  }

  /** After Redis returns: follows the restaurants that could not be followed while it was away. */
  async resume(): Promise<void> {
    for (const restaurantId of [...this.wanted].filter((r) => !this.positions.has(r))) {
      if (await this.follow(restaurantId)) {
        const head = this.positions.get(restaurantId);
        if (head) this.handlers.lateStart(restaurantId, head);
      }
    }
  }

  private wake(): void {
    if (this.wakeIdle) return this.wakeIdle();
    // Harmless if the reader is not blocked at this instant: it re-reads the positions before each XREAD.
    if (this.readerId) this.log.redis.call('CLIENT', 'UNBLOCK', this.readerId).catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.positions.size === 0) {
        await new Promise<void>((resolve) => (this.wakeIdle = resolve));
        this.wakeIdle = undefined;
        continue;
      }
      const restaurants = [...this.positions.keys()];
      let reply: XReadReply;
      try {
        const args = ['COUNT', this.options.count ?? 500, 'BLOCK', this.options.blockMs ?? 2000, 'STREAMS'];
        args.push(...restaurants.map((r) => this.log.streamKey(r)), ...restaurants.map((r) => this.positions.get(r)!));
        // The typed xread (ioredis's generic call() flattens this reply).
        reply = await (this.reader.xread as unknown as (...xreadArgs: (string | number)[]) => Promise<XReadReply>).apply(this.reader, args);
      } catch (err) {
        if (!this.running) break;
        // Redis away: RedisHealth logs the outage once; retry at a calm pace.
        this.logger.debug({ err }, 'log follower read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      for (const [key, entries] of reply ?? []) {
        const restaurantId = this.log.restaurantOfKey(key);
        if (!restaurantId) continue;
        for (const raw of entries) {
          const position = this.positions.get(restaurantId);
          // Unfollowed meanwhile, or re-followed from a later head: never deliver twice.
          if (position === undefined || compareCursors(raw[0], position) <= 0) continue;
          this.positions.set(restaurantId, raw[0]);
          this.handlers.entry(restaurantId, RedisRealtimeLog.decodeEntry(raw));
        }
      }
    }
  }
}
