import type { Logger } from '@qtable/observability';
import type { BusMessage, Subscription } from '../event-bus';
import type { EventEnvelope } from '../envelope';
import { backoffMs, delay, errorMessage } from '../internal/delay';
import { deliveredHeaders } from '../internal/event-headers';
import { inConsumerSpan } from '../internal/trace-context';

export interface RetryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/**
 * One subscription of the in-memory bus: a serial queue, so the subscriber sees messages
 * in exactly the order they were published (which implies order per key).
 */
export class InMemorySubscriber {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly subscription: Subscription,
    private readonly retry: RetryPolicy,
    private readonly logger: Logger,
  ) {}

  wants(topic: string): boolean {
    return this.subscription.topics.includes(topic);
  }

  /** Queues `message`; resolves once it is handled, or given up on after the retries. */
  enqueue(message: BusMessage): Promise<void> {
    const delivered = this.tail.then(() => this.deliver(message));
    this.tail = delivered;
    return delivered;
  }

  /** Resolves when everything queued so far has been handled. */
  drained(): Promise<void> {
    return this.tail;
  }

  private async deliver(message: BusMessage): Promise<void> {
    // A private copy per subscriber, through JSON like Kafka: no subscriber can mutate what
    // another sees, and anything that would not survive Kafka fails here too.
    const envelope = JSON.parse(JSON.stringify(message.envelope)) as EventEnvelope;
    const headers = deliveredHeaders(message);
    for (let attempt = 0; ; attempt++) {
      try {
        await inConsumerSpan({ ...message, envelope, headers }, () => this.subscription.onEvent({ topic: message.topic, key: message.key, envelope, headers, attempt }));
        return;
      } catch (err) {
        const fields = { subscription: this.subscription.id, eventId: envelope.id, eventType: envelope.type, attempt, err };
        if (attempt + 1 >= this.retry.maxAttempts) {
          // Without a broker there is nowhere to park the event; blocking the queue forever
          // would freeze every later event of this subscriber, so it is dropped, loudly.
          this.logger.error(fields, `event handler failed ${attempt + 1} times; giving up on this event: ${errorMessage(err)}`);
          return;
        }
        this.logger.warn(fields, `event handler failed; retrying: ${errorMessage(err)}`);
        await delay(backoffMs(attempt, this.retry.retryBaseMs, this.retry.retryMaxMs));
      }
    }
  }
}
