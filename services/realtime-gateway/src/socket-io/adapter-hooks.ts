import type { RealtimeMessage } from '@qtable/contracts';
import { compareCursors, isCursor } from '@qtable/realtime-log';
import type { Socket } from 'socket.io';

/** A Socket.IO packet as the adapter sees it; events are type 2 with data [name, payload, offset?]. */
export interface AdapterPacket {
  type: number;
  data: unknown[];
  nsp?: string;
}

/**
 * The adapter internals hooked here (socket.io-adapter 2.5.x, used by socket.io 4.8 and
 * @socket.io/redis-streams-adapter 0.3.1): `broadcast()` encodes the packet with
 * `this._encode()` then writes it to each target socket from the callback of
 * `this.apply()`, both for a broadcast of this replica and for one read from the Redis
 * stream. Pinned versions; the
 * gateway's integration tests exercise every hook.
 */
interface HookableAdapter {
  _encode(packet: AdapterPacket, options: unknown): unknown;
  apply(options: { rooms: Set<string> }, callback: (socket: Socket) => void): void;
}

interface Held {
  packet: AdapterPacket;
  deliver: () => void;
}

/**
 * Holds a socket's restaurant-room packets while it catches up with `since`, so the replay
 * (sent to the socket's own room, which is never held) comes first; on release, held
 * packets at or before the replay's last cursor are dropped (the replay had them).
 */
export class DeliveryGates {
  private readonly held = new Map<string, Held[]>();

  hold(socketId: string): void {
    if (!this.held.has(socketId)) this.held.set(socketId, []);
  }

  isHeld(socketId: string): boolean {
    return this.held.has(socketId);
  }

  add(socketId: string, packet: AdapterPacket, deliver: () => void): void {
    this.held.get(socketId)?.push({ packet, deliver });
  }

  release(socketId: string, upTo?: string): void {
    const held = this.held.get(socketId) ?? [];
    this.held.delete(socketId);
    for (const { packet, deliver } of held) {
      const cursor = (packet.data[1] as Partial<RealtimeMessage> | undefined)?.cursor;
      if (upTo && isCursor(upTo) && isCursor(cursor) && compareCursors(cursor, upTo) <= 0) continue;
      deliver();
    }
  }

  drop(socketId: string): void {
    this.held.delete(socketId);
  }
}

export interface AdapterHooks {
  gates: DeliveryGates;
  isRestaurantRoom(room: string): boolean;
  /** Once per event packet addressed to a restaurant room, on the replica delivering it. */
  onRestaurantPacket(packet: AdapterPacket): void;
  /** Event packets written to sockets: once per broadcast with its count, once per held packet released. */
  onDelivered(count: number): void;
}

export function installAdapterHooks(target: unknown, hooks: AdapterHooks): void {
  const adapter = target as HookableAdapter;
  let encoding: AdapterPacket | undefined;
  const encode = adapter._encode.bind(adapter);
  adapter._encode = (packet, options) => {
    encoding = packet;
    return encode(packet, options);
  };
  const apply = adapter.apply.bind(adapter);
  adapter.apply = (options, callback) => {
    // _encode runs right before apply in broadcast(), synchronously: this is its packet.
    const packet = encoding;
    encoding = undefined;
    if (!packet || packet.type !== 2) return apply(options, callback);
    const toRestaurant = [...options.rooms].some((room) => hooks.isRestaurantRoom(room));
    if (toRestaurant) hooks.onRestaurantPacket(packet);
    // The per-socket path is the fan-out's hot loop (thousands of sockets per event): no
    // closure unless the socket is held, and one metrics update per broadcast, not per socket.
    let written = 0;
    let applying = true;
    apply(options, (socket) => {
      if (toRestaurant && hooks.gates.isHeld(socket.id)) {
        hooks.gates.add(socket.id, packet, () => {
          callback(socket);
          hooks.onDelivered(1);
        });
        return;
      }
      callback(socket);
      if (applying) written++;
      else hooks.onDelivered(1);
    });
    applying = false;
    if (written > 0) hooks.onDelivered(written);
  };
}
