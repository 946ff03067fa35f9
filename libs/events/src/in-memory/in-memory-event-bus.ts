import type { Logger } from '@qtable/observability';
import type { BusMessage, EventBus, Subscription } from '../event-bus';
import { InMemorySubscriber, type RetryPolicy } from './in-memory-subscriber';

export interface InMemoryEventBusOptions {
  logger: Logger;
  /** Deliveries of one event to one subscriber, the first included. Default 5. */
  maxAttempts?: number;
  /** Delay before the first redelivery; doubles each time. Default 20 ms. */
  retryBaseMs?: number;
  /** Cap of the redelivery delay. Default 500 ms. */
  retryMaxMs?: number;
}

type State = 'new' | 'started' | 'stopping' | 'stopped';

/**
 * The event bus of the embedded mode: every service in one process, no broker.
 *
 * Delivery semantics:
 * - every subscription whose topics include the message's topic gets it, each subscription
 *   id independently; a subscription sees messages in publish order (so in order per key);
 * - `publish` resolves only after every matching subscriber has handled (or given up on)
 *   every message. The outbox relay marks rows published after `publish` resolves, so an
 *   event is never marked before delivery: a crash in between republishes it (at least once);
 * - a handler that throws gets the same event again with `attempt` incremented, after a
 *   short backoff (20, 40, 80, 160 ms by default), up to `maxAttempts` (5) deliveries;
 *   then the failure is logged at error level and the subscriber moves on to the next event
 *   (unlike Kafka, where the partition waits: here nothing could hold the event durably);
 * - no retention: a subscription made after a message was published does not get it.
 *
 * A handler must not await `publish` of a message to a topic its own subscription reads:
 * that message queues behind the handler itself. Services never do this: they record events
 * in their outbox and the relay publishes them after the handler's transaction commits.
 */
export class InMemoryEventBus implements EventBus {
  private readonly subscribers = new Map<string, InMemorySubscriber>();
  private state: State = 'new';

  private constructor(
    private readonly logger: Logger,
    private readonly retry: RetryPolicy,
  ) {}

  static create(options: InMemoryEventBusOptions): InMemoryEventBus {
    return new InMemoryEventBus(options.logger.child({ component: 'in-memory-event-bus' }), {
      maxAttempts: Math.max(1, options.maxAttempts ?? 5),
      retryBaseMs: options.retryBaseMs ?? 20,
      retryMaxMs: options.retryMaxMs ?? 500,
    });
  }

  async subscribe(subscription: Subscription): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') throw new Error('event bus is shut down');
    // One process holds each subscription once; a second one with the same id is a wiring
    // bug (on Kafka it would split the partitions between the two instead).
    if (this.subscribers.has(subscription.id)) throw new Error(`duplicate subscription id: ${subscription.id}`);
    this.subscribers.set(subscription.id, new InMemorySubscriber(subscription, this.retry, this.logger));
  }

  async start(): Promise<void> {
    if (this.state === 'new') this.state = 'started';
  }

  async publish(messages: BusMessage[]): Promise<void> {
    if (this.state !== 'started') throw new Error(`event bus cannot publish: it is ${this.state === 'new' ? 'not started' : 'shut down'}`);
    // Enqueue everything synchronously, in order, before awaiting anything: this is what
    // makes each subscriber's queue follow publish order.
    const deliveries: Promise<void>[] = [];
    for (const message of messages) {
      for (const subscriber of this.subscribers.values()) {
        if (subscriber.wants(message.topic)) deliveries.push(subscriber.enqueue(message));
      }
    }
    await Promise.all(deliveries);
  }

  async shutdown(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    // Drain, not drop: queued messages belong to publish calls that have not resolved yet,
    // i.e. to outbox rows not yet marked published.
    await Promise.all([...this.subscribers.values()].map((s) => s.drained()));
    this.state = 'stopped';
  }

  async check(): Promise<void> {
    if (this.state !== 'started') throw new Error(`in-memory event bus is ${this.state === 'new' ? 'not started' : 'shut down'}`);
  }
}
