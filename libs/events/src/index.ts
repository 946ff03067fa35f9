export { newEvent, type EventEnvelope, type EventActor } from './envelope';
export type { EventBus, BusMessage, DeliveredEvent, Subscription } from './event-bus';
export { recordEvent } from './record-event';
