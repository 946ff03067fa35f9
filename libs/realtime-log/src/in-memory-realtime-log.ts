import type { RealtimeMessage } from '@qtable/contracts';
import type { AppendOutcome, ReadAfterResult, RealtimeLog, UnsequencedMessage } from './realtime-log';

interface RestaurantLog {
  /** Sequence number of messages[0]. */
  first: number;
  next: number;
  messages: RealtimeMessage[];
}

/**
 * The embedded mode's log: in process memory, per restaurant, the last `retain` messages.
 * Cursors are `<epoch>-<n>`: the epoch (this log's creation time) makes a cursor from
 * before a restart read as expired instead of pointing at other messages.
 */
export class InMemoryRealtimeLog implements RealtimeLog {
  private readonly logs = new Map<string, RestaurantLog>();
  /** Event id → its message, in insertion order so the oldest is dropped first. */
  private readonly byEvent = new Map<string, RealtimeMessage>();
  private readonly epoch: string;

  constructor(private readonly options: { retain?: number; epoch?: number; rememberEvents?: number } = {}) {
    this.epoch = String(options.epoch ?? Date.now());
  }

  private logOf(restaurantId: string): RestaurantLog {
    let log = this.logs.get(restaurantId);
    if (!log) {
      log = { first: 1, next: 1, messages: [] };
      this.logs.set(restaurantId, log);
    }
    return log;
  }

  async append(restaurantId: string, message: UnsequencedMessage): Promise<RealtimeMessage> {
    const log = this.logOf(restaurantId);
    const sequenced = { ...message, cursor: `${this.epoch}-${log.next++}` } as RealtimeMessage;
    log.messages.push(sequenced);
    const retain = this.options.retain ?? 10000;
    if (log.messages.length > retain) {
      const drop = log.messages.length - retain;
      log.messages.splice(0, drop);
      log.first += drop;
    }
    return sequenced;
  }

  async appendOnce(restaurantId: string, eventId: string, message: UnsequencedMessage): Promise<AppendOutcome> {
    const known = this.byEvent.get(eventId);
    if (known) return { message: known, appended: false };
    const sequenced = await this.append(restaurantId, message);
    this.byEvent.set(eventId, sequenced);
    if (this.byEvent.size > (this.options.rememberEvents ?? 100_000)) this.byEvent.delete(this.byEvent.keys().next().value as string);
    return { message: sequenced, appended: true };
  }

  async readAfter(restaurantId: string, cursor: string, limit: number): Promise<ReadAfterResult> {
    const match = /^(\d+)-(\d+)$/.exec(cursor);
    if (!match || match[1] !== this.epoch) return { status: 'expired' };
    const after = Number(match[2]);
    const log = this.logOf(restaurantId);
    // Resuming needs every message after `after`; if the first of them was trimmed, it is gone.
    if (after + 1 < log.first || after >= log.next) return after === log.next - 1 ? { status: 'ok', messages: [] } : { status: 'expired' };
    const start = after + 1 - log.first;
    return { status: 'ok', messages: log.messages.slice(start, start + limit) };
  }

  async head(restaurantId: string): Promise<string> {
    return `${this.epoch}-${this.logOf(restaurantId).next - 1}`;
  }
}
