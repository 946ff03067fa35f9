export { newEvent, type EventEnvelope, type EventActor } from './envelope';
export type { EventBus, BusMessage, DeliveredEvent, Subscription } from './event-bus';
export { recordEvent, eventInsertSql } from './record-event';
export { InMemoryEventBus, type InMemoryEventBusOptions } from './in-memory/in-memory-event-bus';
export { KafkaEventBus, type KafkaEventBusConfig } from './kafka/kafka-event-bus';
export type { ConsumerLag } from './kafka/kafka-consumer-lag';
export type { KafkaConsumerOptions } from './kafka/kafka-subscriber';
export type { KafkaLogLevel } from './kafka/kafka-log-creator';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
export { handleOnce, idempotent } from './idempotency/idempotent-handler';
export {
  InMemoryProcessedEventStore,
  deduplicated,
  type ProcessedEventStore,
  type InMemoryProcessedEventStoreOptions,
} from './idempotency/processed-event-store';
