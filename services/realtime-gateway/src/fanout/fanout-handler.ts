import type { RealtimeMessage } from '@qtable/contracts';
import { InMemoryProcessedEventStore, type DeliveredEvent } from '@qtable/events';
import type { Logger } from '@qtable/observability';
import type { RealtimeLog, RedisRealtimeLog, UnsequencedMessage } from '@qtable/realtime-log';
import type { GatewayMetrics } from '../gateway-metrics';
import { toRealtimeMessage } from '../messages/to-realtime-message';
import type { RedisHealth } from '../redis/redis-health';
import { roomOf, type SocketIoServer } from '../socket-io/socket-io-server';
import type { WsHub } from '../websocket/ws-hub';
import { KeyedQueue } from './keyed-queue';
import type { LocalCursors } from './local-cursors';

/** The gateway's subscription: one consumer group per deployment, so each event is handled by one replica. */
export const FANOUT_SUBSCRIPTION_ID = 'realtime-gateway.fanout';

export interface FanoutDeps {
  log: RealtimeLog;
  /** Clustered mode: the shared log and Redis health. */
  cluster?: { log: RedisRealtimeLog; health: RedisHealth };
  sio: SocketIoServer;
  hub: WsHub;
  metrics: GatewayMetrics;
  logger: Logger;
  localCursors: LocalCursors;
}

/**
 * Turns each domain event into its realtime message, appends it to the log (which assigns
 * the cursor) and emits it — one restaurant at a time, in order.
 *
 * Clustered (Redis): one Redis script appends the message to the restaurant's log, records
 * the event id (a redelivered event is recognised and not appended or emitted again), and
 * writes the Socket.IO adapter's broadcast entry — atomically, so it is logged and
 * published to Socket.IO together or not at all, and the adapter stream follows log order.
 * Every replica's adapter delivers that entry to its Socket.IO clients, and every replica's
 * RedisLogFollower delivers the log entry to its WebSocket clients.
 *
 * Redis away: messages go to this replica's clients only, with local cursors, and the
 * restaurant is remembered; when Redis returns, a gap marker goes into its log (and a
 * `resync_required` to its Socket.IO room), so every device, here and on other replicas
 * (which could not get these messages), refetches its snapshot instead of resuming across
 * the hole.
 *
 * In process (embedded): the log is in memory and the gateway is the only replica.
 */
export class FanoutHandler {
  private readonly queue = new KeyedQueue();
  private readonly seenLocally = new InMemoryProcessedEventStore({ ttlMs: 3_600_000 });
  private readonly gaps = new Set<string>();
  private stopping = false;

  constructor(private readonly deps: FanoutDeps) {}

  readonly onEvent = async (event: DeliveredEvent): Promise<void> => {
    // Throwing leaves the event uncommitted: the replica that takes the partition over handles it.
    if (this.stopping) throw new Error('realtime gateway is stopping');
    const message = toRealtimeMessage(event.envelope);
    if (!message) return;
    const { restaurantId, id } = event.envelope;
    await this.queue.run(restaurantId, () => this.fanOut(restaurantId, id, message));
  };

  /** When Redis returns: closes the gap of every restaurant that got local-only messages. */
  async onRedisBack(): Promise<void> {
    const restaurants = [...this.gaps];
    await Promise.all(
      restaurants.map((restaurantId) =>
        this.queue
          .run(restaurantId, () => (this.gaps.has(restaurantId) ? this.closeGap(restaurantId) : Promise.resolve()))
          .catch((err: unknown) => this.deps.logger.warn({ err }, 'could not mark a realtime gap yet; retrying with the next event')),
      ),
    );
  }

  /** Refuses new events and waits for those in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.queue.drained();
  }

  private async fanOut(restaurantId: string, eventId: string, message: UnsequencedMessage): Promise<void> {
    const { cluster, sio, hub } = this.deps;
    if (!cluster) {
      const { message: sequenced, appended } = await this.deps.log.appendOnce(restaurantId, eventId, message);
      if (!appended) return;
      await sio.broadcast(roomOf(restaurantId), sequenced, false);
      hub.deliver(restaurantId, sequenced);
      return;
    }
    if (!cluster.health.up) return this.fanOutLocally(restaurantId, eventId, message);
    try {
      if (this.gaps.has(restaurantId)) await this.closeGap(restaurantId);
      await cluster.log.appendOnce(restaurantId, eventId, message, sio.adapterEntry(restaurantId, message));
    } catch (err) {
      // Redis went away under us (RedisHealth already knows): deliver here. Otherwise a real
      // failure: throw, and the bus redelivers.
      if (cluster.health.up) throw err;
      return this.fanOutLocally(restaurantId, eventId, message);
    }
  }

  private async fanOutLocally(restaurantId: string, eventId: string, message: UnsequencedMessage): Promise<void> {
    if (!(await this.seenLocally.markIfNew(FANOUT_SUBSCRIPTION_ID, eventId))) return;
    const local = { ...message, cursor: this.deps.localCursors.next() } as RealtimeMessage;
    this.gaps.add(restaurantId);
    this.deps.metrics.degradedDeliveries.inc();
    await this.deps.sio.broadcast(roomOf(restaurantId), local, true);
    this.deps.hub.deliver(restaurantId, local);
  }

  private async closeGap(restaurantId: string): Promise<void> {
    // WebSocket clients get the marker from the log, Socket.IO clients from the adapter entry.
    const resync = { type: 'resync_required', restaurant_id: restaurantId };
    await this.deps.cluster!.log.markGap(restaurantId, this.deps.sio.adapterEntry(restaurantId, resync));
    this.gaps.delete(restaurantId);
  }
}
