import type { EventEnvelope } from './envelope';

/** One event addressed to a logical topic (e.g. `guests.events`), keyed by restaurant id. */
export interface BusMessage {
  topic: string;
  key: string;
  envelope: EventEnvelope;
  /** W3C trace context and the like; string values only (Kafka headers). */
  headers: Record<string, string>;
}

export interface DeliveredEvent extends BusMessage {
  /** How many times this message was handed to this subscriber before (0 on first try). */
  attempt: number;
}

export interface Subscription {
  /** Prefixed with the owning service: `realtime-gateway.fanout`. One consumer group per id. */
  id: string;
  topics: string[];
  /** Resolve when handled; throw to have the event redelivered (at-least-once). */
  onEvent(event: DeliveredEvent): Promise<void>;
  /** Where to start when the subscriber has no committed position yet. Default: 'earliest'. */
  fromBeginning?: boolean;
}

/**
 * The transport between services (Backstage EventsService shape). Delivery is at least
 * once and in order per (topic, key); consumers deduplicate by envelope id.
 * Implementations: InMemoryEventBus (embedded mode), KafkaEventBus.
 */
export interface EventBus {
  /** Resolves once every message is durably accepted (in order per key), or throws. */
  publish(messages: BusMessage[]): Promise<void>;
  subscribe(subscription: Subscription): Promise<void>;
  /** Connects producers/consumers. Subscriptions made before start begin with it. */
  start(): Promise<void>;
  /** Stops consuming after in-flight handlers finish; flushes nothing silently away. */
  shutdown(): Promise<void>;
  /** For readiness: throws when the transport is not usable. */
  check(): Promise<void>;
}
