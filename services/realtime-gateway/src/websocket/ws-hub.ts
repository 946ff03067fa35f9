import type { GatewayMetrics } from '../gateway-metrics';
import type { OutgoingMessage, WsConnection } from './ws-connection';

/** What the hub needs from the Redis log follower (absent when the log is in process). */
export interface RestaurantFollower {
  follow(restaurantId: string): Promise<boolean>;
  unfollow(restaurantId: string): void;
}

/**
 * The plain WebSocket clients of this replica, by restaurant. A message goes only to the
 * connections of its own restaurant: there is no path from one restaurant's messages to
 * another's clients.
 */
export class WsHub {
  private readonly byRestaurant = new Map<string, Set<WsConnection>>();

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly follower?: RestaurantFollower,
  ) {}

  /**
   * Registers the connection; resolves once its restaurant's live messages flow to it (held
   * while it catches up), so a replay read after this misses nothing in between.
   */
  async add(connection: WsConnection): Promise<void> {
    let connections = this.byRestaurant.get(connection.restaurantId);
    if (!connections) this.byRestaurant.set(connection.restaurantId, (connections = new Set()));
    connections.add(connection);
    this.metrics.connections.inc({ protocol: 'websocket' });
    await this.follower?.follow(connection.restaurantId);
  }

  remove(connection: WsConnection): void {
    const connections = this.byRestaurant.get(connection.restaurantId);
    if (!connections?.delete(connection)) return;
    this.metrics.connections.dec({ protocol: 'websocket' });
    if (connections.size > 0) return;
    this.byRestaurant.delete(connection.restaurantId);
    this.follower?.unfollow(connection.restaurantId);
  }

  deliver(restaurantId: string, message: OutgoingMessage): void {
    const connections = this.byRestaurant.get(restaurantId);
    if (!connections) return;
    if ('timestamp' in message) this.metrics.observeLatency('websocket', message.timestamp);
    for (const connection of connections) connection.deliver(message);
  }

  connections(): WsConnection[] {
    return [...this.byRestaurant.values()].flatMap((set) => [...set]);
  }
}
