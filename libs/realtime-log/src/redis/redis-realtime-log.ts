import type { RealtimeMessage } from '@qtable/contracts';
import { Redis } from 'ioredis';
import { compareCursors, parseCursor } from '../cursor';
import type { AppendOutcome, ReadAfterResult, RealtimeLog, UnsequencedMessage } from '../realtime-log';
import { appendScript, headScript } from './scripts';

export interface RedisRealtimeLogOptions {
  /** Deployment prefix of every key: `<prefix>:rt:<restaurantId>`. Replicas sharing it share the log. */
  prefix: string;
  /** Messages kept per restaurant (approximate: Redis trims whole stream nodes). Default 10 000. */
  maxLen?: number;
  /** A restaurant's stream is dropped after this long without a message. Default 7 days. */
  idleTtlSeconds?: number;
  /** How long an event id is remembered by `appendOnce`. Default 1 day. */
  eventTtlSeconds?: number;
}

/**
 * A second stream entry XADDed in the same atomic step as an append, e.g. the Socket.IO
 * adapter's broadcast of the message: both streams then hold it in the same order, or
 * neither does. A field given as [before, after] gets the new cursor spliced in between.
 */
export interface MirrorEntry {
  stream: string;
  maxLen: number;
  fields: Record<string, string | readonly [before: string, after: string]>;
}

/** One decoded stream entry: a message, or a gap marker (messages were delivered that the log does not hold). */
export type StreamEntry = { kind: 'message'; message: RealtimeMessage } | { kind: 'gap'; cursor: string };

type RawEntry = [id: string, fields: string[]];

/**
 * The RealtimeLog shared by every gateway replica (and read by services for snapshot
 * heads): one Redis stream per restaurant, `<prefix>:rt:<restaurantId>`, whose entry ids
 * are the cursors. Appends are XADD with approximate MAXLEN trimming; `readAfter` is an
 * exclusive XRANGE, refused ('expired') when the cursor is behind the retention floor, ahead
 * of the newest entry, malformed, of a stream that no longer exists, or when the range
 * crosses a gap marker (see `markGap`). Needs Redis ≥ 7.0 (XSETID … MAXDELETEDID).
 */
export class RedisRealtimeLog implements RealtimeLog {
  readonly prefix: string;
  private readonly maxLen: number;
  private readonly idleTtlMs: number;
  private readonly eventTtlMs: number;

  constructor(
    /** The connection the log commands use; the gateway duplicates it for its other clients. */
    readonly redis: Redis,
    options: RedisRealtimeLogOptions,
    private readonly ownsConnection = false,
  ) {
    if (!/^[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)*$/.test(options.prefix)) throw new Error(`RedisRealtimeLog: bad prefix "${options.prefix}"`);
    this.prefix = options.prefix;
    this.maxLen = options.maxLen ?? 10_000;
    this.idleTtlMs = (options.idleTtlSeconds ?? 7 * 24 * 3600) * 1000;
    this.eventTtlMs = (options.eventTtlSeconds ?? 24 * 3600) * 1000;
  }

  /**
   * Opens its own connection. Commands fail after one reconnect attempt instead of queueing
   * for long: while Redis is away the gateway must notice quickly and deliver locally.
   */
  static connect(url: string, options: RedisRealtimeLogOptions): RedisRealtimeLog {
    const redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      connectionName: `${options.prefix}:realtime-log`,
      // ioredis keeps a 2 s timer after disconnect() while reconnecting, holding shutdown up.
      disconnectTimeout: 250,
    });
    // Every failed reconnect emits 'error'; owners watch 'ready'/'close' to log transitions.
    redis.on('error', () => undefined);
    return new RedisRealtimeLog(redis, options, true);
  }

  streamKey(restaurantId: string): string {
    return `${this.prefix}:rt:${restaurantId}`;
  }

  /** The restaurant id of a stream key of this log, or null. */
  restaurantOfKey(key: string): string | null {
    const start = `${this.prefix}:rt:`;
    return key.startsWith(start) && !key.includes(':', start.length) ? key.slice(start.length) : null;
  }

  async append(restaurantId: string, message: UnsequencedMessage): Promise<RealtimeMessage> {
    const [cursor] = await this.add(restaurantId, 'm', JSON.stringify(message));
    return { ...message, cursor } as RealtimeMessage;
  }

  /** See RealtimeLog.appendOnce; `mirror` is published atomically with the append (and not on a redelivery). */
  async appendOnce(restaurantId: string, eventId: string, message: UnsequencedMessage, mirror?: MirrorEntry): Promise<AppendOutcome> {
    const [cursor, appended] = await this.add(restaurantId, 'm', JSON.stringify(message), `${this.streamKey(restaurantId)}:event:${eventId}`, mirror);
    return { message: { ...message, cursor } as RealtimeMessage, appended };
  }

  /**
   * Records that messages of this restaurant were delivered without being logged (Redis
   * was away): a resume across this point is refused, so devices refetch their snapshot.
   */
  async markGap(restaurantId: string, mirror?: MirrorEntry): Promise<string> {
    return (await this.add(restaurantId, 'gap', '1', undefined, mirror))[0];
  }

  async readAfter(restaurantId: string, cursor: string, limit: number): Promise<ReadAfterResult> {
    if (!parseCursor(cursor)) return { status: 'expired' };
    const key = this.streamKey(restaurantId);
    // One transaction: the floor and head checked are those of the range read.
    const replies = await this.redis
      .multi()
      .xinfo('STREAM', key)
      .xrange(key, `(${cursor}`, '+', 'COUNT', Math.max(1, limit))
      .exec();
    const [infoReply, rangeReply] = replies ?? [];
    if (!infoReply || !rangeReply) throw new Error('realtime log: transaction aborted');
    if (infoReply[0]) {
      if (/no such key/i.test(infoReply[0].message)) return { status: 'expired' };
      throw infoReply[0];
    }
    const info = fieldsOf(infoReply[1] as unknown[]);
    const head = String(info.get('last-generated-id'));
    const floor = String(info.get('max-deleted-entry-id') ?? '0-0');
    if (compareCursors(cursor, head) > 0 || compareCursors(cursor, floor) < 0) return { status: 'expired' };
    if (rangeReply[0]) throw rangeReply[0];
    const messages: RealtimeMessage[] = [];
    for (const entry of (rangeReply[1] as RawEntry[]).map((raw) => RedisRealtimeLog.decodeEntry(raw))) {
      if (entry.kind === 'gap') return { status: 'expired' };
      messages.push(entry.message);
    }
    return { status: 'ok', messages };
  }

  async head(restaurantId: string): Promise<string> {
    return String(await headScript.run(this.redis, [this.streamKey(restaurantId)], [this.idleTtlMs]));
  }

  async close(): Promise<void> {
    if (!this.ownsConnection || this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Decodes an XRANGE/XREAD entry of a restaurant stream. */
  static decodeEntry([id, fields]: RawEntry): StreamEntry {
    if (fields[0] === 'm') return { kind: 'message', message: { ...(JSON.parse(fields[1]!) as UnsequencedMessage), cursor: id } as RealtimeMessage };
    return { kind: 'gap', cursor: id };
  }

  private async add(restaurantId: string, field: 'm' | 'gap', value: string, eventKey?: string, mirror?: MirrorEntry): Promise<[string, boolean]> {
    const keys = [this.streamKey(restaurantId), ...(eventKey ? [eventKey] : []), ...(mirror ? [mirror.stream] : [])];
    const args: (string | number)[] = [field, value, this.maxLen, this.idleTtlMs, this.eventTtlMs, eventKey ? '1' : '0', mirror ? mirror.maxLen : ''];
    for (const [name, spec] of Object.entries(mirror?.fields ?? {})) {
      args.push(name, ...(typeof spec === 'string' ? [spec, '', '0'] : [spec[0], spec[1], '1']));
    }
    const [cursor, appended] = (await appendScript.run(this.redis, keys, args)) as [string, number];
    return [String(cursor), appended === 1];
  }
}

function fieldsOf(flat: unknown[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(String(flat[i]), flat[i + 1]);
  return map;
}
