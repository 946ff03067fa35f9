import type { MirrorEntry, UnsequencedMessage } from '@qtable/realtime-log';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { GatewayMetrics } from '../gateway-metrics';
import type { OutgoingMessage } from '../websocket/ws-connection';
import { DeliveryGates, installAdapterHooks, type AdapterPacket } from './adapter-hooks';

export const ROOM_PREFIX = 'restaurant:';
export const roomOf = (restaurantId: string) => `${ROOM_PREFIX}${restaurantId}`;
export const restaurantOfRoom = (room: string) => (room.startsWith(ROOM_PREFIX) ? room.slice(ROOM_PREFIX.length) : null);

export interface SocketIoServerOptions {
  corsOrigins: string[];
  recoverySeconds: number;
  metrics: GatewayMetrics;
  /** Set when replicas share Redis: the Redis Streams adapter on this client, keys under `prefix`. */
  cluster?: { redis: Redis; prefix: string; streamMaxLen: number };
}

/** What `broadcast()` needs to know about addressing (broadcast options of socket.io-adapter). */
interface BroadcastTarget {
  broadcast(packet: AdapterPacket, options: { rooms: Set<string>; except: Set<string>; flags: { local?: boolean } }): void | Promise<void>;
}

/**
 * The Socket.IO server (attached to the shared HTTP server later), with connection state
 * recovery on, and, clustered, the Redis Streams adapter: a room broadcast is an entry of
 * one Redis stream that every replica reads and delivers to its own sockets (and replays to
 * a recovering socket).
 *
 * Clustered, the gateway does not broadcast restaurant messages through `broadcast()`: the
 * log append writes the adapter's stream entry in the same Redis script (`adapterEntry()`),
 * so the adapter stream and the restaurant's log hold the messages in the same order, even
 * when two replicas append for one restaurant (its topics' partitions may live on both).
 */
export class SocketIoServer {
  readonly io: Server;
  readonly gates = new DeliveryGates();
  private readonly adapterClient: Redis | undefined;
  private readonly adapterConnections: Redis[] = [];

  /** Attach to the HTTP server with `io.attach(server)`. */
  constructor(options: SocketIoServerOptions) {
    const { cluster, metrics } = options;
    // The adapter polls with blocking XREADs on duplicates of this client; commands fail
    // after one reconnect attempt (inherited), so a Redis outage never piles them up.
    this.adapterClient = cluster?.redis.duplicate({ connectionName: `${cluster.prefix}:socket.io` });
    this.adapterClient?.on('error', () => undefined);
    if (this.adapterClient) {
      // The adapter's own connections (pub/sub, blocking stream reads) are duplicates of this
      // one; kept so that close() ends them at once instead of after their current XREAD.
      const duplicate = this.adapterClient.duplicate.bind(this.adapterClient);
      this.adapterClient.duplicate = ((override?: Parameters<Redis['duplicate']>[0]) => {
        const connection = duplicate(override);
        this.adapterConnections.push(connection);
        return connection;
      }) as Redis['duplicate'];
    }
    this.io = new Server({
      serveClient: false,
      // Upgrades of other paths are the plain WebSocket's; engine.io must not close them.
      destroyUpgrade: false,
      maxHttpBufferSize: 16 * 1024,
      ...(options.corsOrigins.length > 0 ? { cors: { origin: options.corsOrigins } } : {}),
      connectionStateRecovery: { maxDisconnectionDuration: options.recoverySeconds * 1000, skipMiddlewares: false },
      ...(cluster && this.adapterClient
        ? {
            adapter: createAdapter(this.adapterClient, {
              streamName: `${cluster.prefix}:socket.io`,
              channelPrefix: `${cluster.prefix}:socket.io`,
              sessionKeyPrefix: `${cluster.prefix}:socket.io:session:`,
              maxLen: cluster.streamMaxLen,
              // Bounds how long a stopped adapter's poller lingers.
              blockTimeInMs: 1000,
              onlyPlaintext: true,
            }),
          }
        : {}),
    });
    const socketIoDelivered = metrics.delivered.labels('socketio');
    installAdapterHooks(this.io.of('/').adapter, {
      gates: this.gates,
      isRestaurantRoom: (room) => room.startsWith(ROOM_PREFIX),
      onRestaurantPacket: (packet) => {
        const message = packet.data[1] as Partial<OutgoingMessage> | undefined;
        if (message && 'timestamp' in message && typeof message.timestamp === 'string') metrics.observeLatency('socketio', message.timestamp);
      },
      onDelivered: (count) => socketIoDelivered.inc(count),
    });
    this.cluster = cluster;
  }

  private readonly cluster: SocketIoServerOptions['cluster'];

  /**
   * Emits `message` as event `message.type` to a room (restaurant room, or a socket's own
   * id), through the adapter unless `localOnly`; resolves once this replica's sockets have it.
   */
  async broadcast(room: string, message: { type: string }, localOnly: boolean): Promise<void> {
    const packet: AdapterPacket = { type: 2, data: [message.type, message] };
    const adapter = this.io.of('/').adapter as unknown as BroadcastTarget;
    await adapter.broadcast(packet, { rooms: new Set([room]), except: new Set(), flags: localOnly ? { local: true } : {} });
  }

  /**
   * The adapter's stream entry broadcasting `message` (its cursor spliced in by the log) to
   * the restaurant's room, in the adapter's own encoding, from the "emitter" uid that every
   * replica's adapter (this one included) delivers.
   */
  adapterEntry(restaurantId: string, message: Omit<UnsequencedMessage, 'cursor'> | { type: string; restaurant_id: string }): MirrorEntry {
    if (!this.cluster) throw new Error('adapterEntry needs the Redis adapter');
    const payload = JSON.stringify({ ...message, cursor: '' }); // …,"cursor":""}
    const packetBefore = `{"packet":{"type":2,"data":[${JSON.stringify(message.type)},${payload.slice(0, -2)}`;
    const packetAfter = `${payload.slice(-2)}],"nsp":"/"},"opts":{"rooms":[${JSON.stringify(roomOf(restaurantId))}],"except":[],"flags":{}}}`;
    return {
      stream: `${this.cluster.prefix}:socket.io`,
      maxLen: this.cluster.streamMaxLen,
      fields: { uid: 'emitter', nsp: '/', type: '3', data: [packetBefore, packetAfter] },
    };
  }

  /** Drops every connection (as a network cut: clients reconnect, to another replica, and recover). */
  disconnectAll(): void {
    // No engine before attach (a start that failed early).
    (this.io.engine as Server['engine'] | undefined)?.close();
  }

  async close(): Promise<void> {
    this.disconnectAll();
    await Promise.resolve(this.io.of('/').adapter.close());
    for (const connection of [...this.adapterConnections, ...(this.adapterClient ? [this.adapterClient] : [])]) connection.disconnect();
  }
}
