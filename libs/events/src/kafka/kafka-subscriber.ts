import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from '@qtable/observability';
import type { BusMessage, Subscription } from '../event-bus';
import { backoffMs, delay, errorMessage } from '../internal/delay';
import { inConsumerSpan } from '../internal/trace-context';
import { decodeMessage } from './kafka-codec';

export interface KafkaConsumerOptions {
  /** Fetch long-poll; also bounds how long shutdown waits for an idle fetch. Default 1000 ms. */
  maxWaitTimeInMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Partitions handled in parallel (order is kept within each). Default: the partition count. */
  partitionsConsumedConcurrently: number;
  /** Deliveries in a row before the partition is paused. Default 3. */
  handlerAttempts: number;
  /** Delay before an in-place redelivery; doubles. Default 100 ms. */
  handlerRetryBaseMs: number;
  /** First pause of a partition whose event keeps failing; doubles per round. Default 1 s. */
  pauseBaseMs: number;
  /** Cap of that pause. Default 30 s. */
  pauseMaxMs: number;
}

/** Failures of the event at one partition's head, kept while it has not succeeded. */
interface HeadFailure {
  offset: string;
  attempts: number;
  pauses: number;
}

type Outcome = 'handled' | 'failed' | 'stopping';

/**
 * One Kafka consumer group for one subscription (group id `${prefix}.${subscription.id}`).
 *
 * Commits: `autoCommit` on with `eachBatchAutoResolve: false`; we resolve a record's offset
 * only after `onEvent` resolved, and kafkajs commits only resolved offsets (after each batch,
 * on its interval, and before leaving the group). So a record is committed only once it
 * was handled: at least once. A crash after handling and before the commit redelivers it;
 * consumers deduplicate by envelope id.
 *
 * Failures: we use eachBatch rather than eachMessage because throwing from eachMessage makes
 * kafkajs restart fetching for all partitions with growing delays and, after its retries,
 * crash and rejoin the group. Instead a failing event is redelivered in place a few times
 * (`attempt` incremented), then its partition alone is paused with backoff and the event is
 * fetched again on resume. It is never skipped: a poison event holds back its partition
 * (other restaurants' partitions go on), and every failure is logged with its event id.
 * Records whose value is not an envelope can never succeed and are logged and skipped.
 */
export class KafkaSubscriber {
  private consumer: Consumer | null = null;
  private readonly failures = new Map<string, HeadFailure>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    readonly subscription: Subscription,
    readonly groupId: string,
    /** Physical topic → logical topic. */
    readonly physicalTopics: ReadonlyMap<string, string>,
    private readonly options: KafkaConsumerOptions,
    private readonly logger: Logger,
  ) {}

  /** Where the group starts on a partition it has no committed offset for. */
  get fromBeginning(): boolean {
    return this.subscription.fromBeginning ?? true;
  }

  async start(): Promise<void> {
    // A fresh kafkajs consumer per start, so a bus whose first start failed can start again.
    this.stopping = false;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
      retry: {
        retries: 8,
        initialRetryTime: 300,
        maxRetryTime: 30000,
        // Always come back after a crash (broker gone for a while): a consumer that stays
        // down would silently stop the realtime feed. kafkajs logs the crash at error.
        restartOnFailure: async () => true,
      },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.physicalTopics.keys()], fromBeginning: this.fromBeginning });
    // run() resolves after the first group join: normally a started bus is consuming. (A
    // failed join does not reject: kafkajs logs the crash and retries on its own.)
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.track(this.eachBatch(payload)),
    });
    this.logger.debug({ groupId: this.groupId }, 'consumer group joined');
  }

  /** Stops fetching, lets the handler in flight finish, commits, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    // kafkajs's disconnect waits for the batch being processed; our own set is the
    // belt to those braces (it also covers a batch that started during disconnect).
    await this.consumer?.disconnect();
    await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    for (const record of batch.messages) {
      if (!isRunning() || isStale() || this.stopping) return;
      const outcome = await this.handle(batch.topic, batch.partition, record, heartbeat, isRunning);
      if (outcome === 'stopping') return;
      if (outcome === 'failed') {
        // Leave the offset unresolved: after the pause the fetch starts again at this record.
        this.pauseAfterFailure(batch.topic, batch.partition, pause);
        return;
      }
      resolveOffset(record.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private async handle(physicalTopic: string, partition: number, record: KafkaMessage, heartbeat: () => Promise<void>, isRunning: () => boolean): Promise<Outcome> {
    // The logger already names the subscription.
    const where = { topic: physicalTopic, partition, offset: record.offset };
    let message: BusMessage;
    try {
      message = decodeMessage(this.physicalTopics.get(physicalTopic) ?? physicalTopic, record);
    } catch (err) {
      this.logger.error({ ...where, err }, `skipping a record that is not an event envelope: ${errorMessage(err)}`);
      return 'handled';
    }
    const headKey = `${physicalTopic}|${partition}`;
    const head = this.headFailure(headKey, record.offset);
    for (let local = 0; ; local++) {
      try {
        await inConsumerSpan(message, () => this.subscription.onEvent({ ...message, attempt: head.attempts }));
        this.failures.delete(headKey);
        return 'handled';
      } catch (err) {
        head.attempts++;
        this.logger.warn({ ...where, eventId: message.envelope.id, eventType: message.envelope.type, attempt: head.attempts - 1, err }, `event handler failed: ${errorMessage(err)}`);
      }
      if (this.stopping || !isRunning()) return 'stopping';
      if (local + 1 >= this.options.handlerAttempts) {
        this.logger.error(
          { ...where, eventId: message.envelope.id, eventType: message.envelope.type, attempts: head.attempts },
          'event keeps failing; pausing its partition and retrying later (the event is not skipped)',
        );
        return 'failed';
      }
      await delay(backoffMs(local, this.options.handlerRetryBaseMs, this.options.pauseBaseMs));
      await heartbeat();
    }
  }

  private headFailure(key: string, offset: string): HeadFailure {
    const known = this.failures.get(key);
    if (known && known.offset === offset) return known;
    const fresh = { offset, attempts: 0, pauses: 0 };
    this.failures.set(key, fresh);
    return fresh;
  }

  private pauseAfterFailure(topic: string, partition: number, pause: () => () => void): void {
    const head = this.failures.get(`${topic}|${partition}`);
    const waitMs = backoffMs(head?.pauses ?? 0, this.options.pauseBaseMs, this.options.pauseMaxMs);
    if (head) head.pauses++;
    const resume = pause();
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      if (!this.stopping) resume();
    }, waitMs);
    this.resumeTimers.add(timer);
    this.logger.warn({ topic, partition, pausedForMs: waitMs }, 'partition paused after repeated handler failures');
  }
}
