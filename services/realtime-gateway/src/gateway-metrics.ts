import type { Metrics } from '@qtable/observability';

export type Protocol = 'socketio' | 'websocket';
export type ReplayOutcome = 'replayed' | 'expired' | 'unavailable';

/** The gateway's metrics. Labels never carry a restaurant or user id. */
export function createGatewayMetrics(metrics: Metrics) {
  const connections = metrics.gauge('realtime_connections', 'Open realtime connections on this replica', ['protocol']);
  const delivered = metrics.counter('realtime_messages_delivered_total', 'Realtime messages written to client connections', ['protocol']);
  const latency = metrics.histogram(
    'realtime_event_to_emit_seconds',
    'From the event occurring (occurredAt) to its message being emitted on this replica',
    ['protocol'],
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  const replays = metrics.counter('realtime_replay_requests_total', 'Resume requests (since cursor) by outcome', ['protocol', 'outcome']);
  const redisFallback = metrics.gauge('realtime_redis_fallback', '1 while Redis is unreachable and delivery is local to this replica');
  const degradedDeliveries = metrics.counter('realtime_local_only_messages_total', 'Messages delivered only to this replica (Redis unreachable)');
  return {
    connections,
    delivered,
    replays,
    redisFallback,
    degradedDeliveries,
    /** Observes the time since the message's `timestamp` (the event's occurredAt). */
    observeLatency(protocol: Protocol, timestamp: string): void {
      const occurred = Date.parse(timestamp);
      if (!Number.isNaN(occurred)) latency.observe({ protocol }, Math.max(0, Date.now() - occurred) / 1000);
    },
  };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
