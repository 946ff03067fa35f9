import { Kafka, logLevel, Partitioners, type Admin, type Message, type Producer } from 'kafkajs';
import type { Logger, Metrics } from '@qtable/observability';
import type { BusMessage, EventBus, Subscription } from '../event-bus';
import { errorMessage } from '../internal/delay';
import { startProducerSpans } from '../internal/trace-context';
import { encodeMessage } from './kafka-codec';
import { ConsumerLagSampler, fetchConsumerLag, type ConsumerLag } from './kafka-consumer-lag';
import { kafkaLogCreator, kafkaLogLevels, type KafkaLogLevel } from './kafka-log-creator';
import { KafkaSubscriber, type KafkaConsumerOptions } from './kafka-subscriber';
import { KafkaTopics } from './kafka-topics';

export interface KafkaEventBusConfig {
  brokers: string[];
  clientId: string;
  /** Deployment prefix: physical topic `${topicPrefix}.${topic}`, group `${topicPrefix}.${subscription.id}`. */
  topicPrefix: string;
  logger: Logger;
  /** Partitions of the topics this bus creates. Default 3. */
  partitions?: number;
  /** Replication of the topics this bus creates. Default: the broker's default. */
  replicationFactor?: number;
  /** Level at which kafkajs's own logs reach our logger. Default 'warn'. */
  kafkaLogLevel?: KafkaLogLevel;
  /** Default 3000 ms. */
  connectionTimeoutMs?: number;
  /** Default 5000 ms. */
  requestTimeoutMs?: number;
  /**
   * kafkajs retries of one publish before it throws. Default 2: kept short so that a Kafka
   * outage reaches the outbox relay quickly; the relay keeps the rows and retries itself.
   */
  publishRetries?: number;
  /** Bound of `check()`. Default 2000 ms. */
  checkTimeoutMs?: number;
  consumer?: Partial<KafkaConsumerOptions>;
  /**
   * With it, the consumer lag of every subscription's group is sampled into
   * `kafka_consumer_lag{subscription,topic,partition}` while the bus is started.
   */
  metrics?: Metrics;
  /** Period of that sampling. Default 5000 ms. */
  lagSampleIntervalMs?: number;
}

type State = 'new' | 'starting' | 'started' | 'stopping' | 'stopped';

/**
 * The event bus on Kafka (kafkajs 2.2.4), for the local cluster and Kubernetes modes.
 *
 * Producing: one idempotent producer, acks from all in-sync replicas, one request in
 * flight, and `publish` calls serialized: records of one key keep their order. If a publish
 * fails, the producer is replaced before the next one: the failed send may have landed
 * without kafkajs advancing its sequence numbers, and reusing them for a different batch
 * would make the broker answer OUT_OF_ORDER_SEQUENCE_NUMBER forever; a new producer id
 * starts clean (a resend may duplicate, which consumers absorb by event id).
 *
 * Consuming: one consumer group per subscription; at-least-once, never skipping a failing
 * event (see KafkaSubscriber). Topics are created on start for subscriptions and on first
 * publish for published topics (with `partitions`), never by broker auto-creation.
 * Given `metrics`, each group's lag is sampled into a gauge (ConsumerLagSampler), so every
 * service that consumes through this bus reports it.
 */
export class KafkaEventBus implements EventBus {
  private readonly subscribers: KafkaSubscriber[] = [];
  private producer: Producer | null = null;
  private producerBroken = false;
  private publishing: Promise<unknown> = Promise.resolve();
  private state: State = 'new';
  private readonly lagSampler: ConsumerLagSampler | null;
  private lagAdminConnected: Promise<void> | null = null;

  private constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly topics: KafkaTopics,
    private readonly config: Required<Pick<KafkaEventBusConfig, 'topicPrefix' | 'publishRetries' | 'checkTimeoutMs'>>,
    private readonly consumerOptions: KafkaConsumerOptions,
    private readonly logger: Logger,
    private readonly lagAdmin: Admin,
    lagSampling: { metrics: Metrics; intervalMs: number } | undefined,
  ) {
    this.lagSampler = lagSampling ? new ConsumerLagSampler({ ...lagSampling, read: () => this.consumerLag(), logger }) : null;
  }

  static fromConfig(config: KafkaEventBusConfig): KafkaEventBus {
    if (config.brokers.length === 0) throw new Error('KafkaEventBus: brokers is empty');
    if (!/^[A-Za-z0-9._-]+$/.test(config.topicPrefix)) {
      throw new Error(`KafkaEventBus: topicPrefix must match [A-Za-z0-9._-]+, got "${config.topicPrefix}"`);
    }
    const logger = config.logger.child({ component: 'kafka-event-bus' });
    const partitions = config.partitions ?? 3;
    const connection = {
      clientId: config.clientId,
      brokers: config.brokers,
      connectionTimeout: config.connectionTimeoutMs ?? 3000,
      requestTimeout: config.requestTimeoutMs ?? 5000,
      // Short: the callers (relay, readiness, lag sampler) have their own retry loops.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    };
    const kafka = new Kafka({
      ...connection,
      logLevel: kafkaLogLevels[config.kafkaLogLevel ?? 'warn'],
      logCreator: kafkaLogCreator(config.logger),
    });
    const admin = kafka.admin();
    // The lag's own client, with kafkajs's logging off: during an outage it would log every
    // failed connection of every sample (~10 error lines per sample, measured on a stopped
    // broker), while the sampler logs the outage once (OutageLog).
    const lagAdmin = new Kafka({ ...connection, logLevel: logLevel.NOTHING }).admin();
    return new KafkaEventBus(
      kafka,
      admin,
      new KafkaTopics(admin, config.topicPrefix, partitions, config.replicationFactor),
      { topicPrefix: config.topicPrefix, publishRetries: config.publishRetries ?? 2, checkTimeoutMs: config.checkTimeoutMs ?? 2000 },
      {
        maxWaitTimeInMs: 1000,
        sessionTimeoutMs: 30000,
        heartbeatIntervalMs: 3000,
        partitionsConsumedConcurrently: partitions,
        handlerAttempts: 3,
        handlerRetryBaseMs: 100,
        pauseBaseMs: 1000,
        pauseMaxMs: 30000,
        ...config.consumer,
      },
      logger,
      lagAdmin,
      config.metrics ? { metrics: config.metrics, intervalMs: config.lagSampleIntervalMs ?? 5000 } : undefined,
    );
  }

  async subscribe(subscription: Subscription): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') throw new Error('event bus is shut down');
    if (this.state === 'starting') throw new Error('subscribe before start() or after it has resolved');
    if (this.subscribers.some((s) => s.subscription.id === subscription.id)) {
      throw new Error(`duplicate subscription id in one bus: ${subscription.id}`);
    }
    const physical = new Map(subscription.topics.map((topic) => [this.topics.physical(topic), topic]));
    const subscriber = new KafkaSubscriber(
      this.kafka,
      subscription,
      `${this.config.topicPrefix}.${subscription.id}`,
      physical,
      this.consumerOptions,
      this.logger.child({ subscription: subscription.id }),
    );
    this.subscribers.push(subscriber);
    if (this.state === 'started') await this.startSubscriber(subscriber);
  }

  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'starting';
    try {
      await this.admin.connect();
      await this.connectProducer();
      await Promise.all(this.subscribers.map((s) => this.startSubscriber(s)));
    } catch (err) {
      // Leave nothing half-connected, and allow start() again (e.g. a readiness loop).
      await Promise.allSettled(this.subscribers.map((s) => s.stop()));
      await this.producer?.disconnect().catch(() => undefined);
      await this.admin.disconnect().catch(() => undefined);
      this.producer = null;
      this.state = 'new';
      throw err;
    }
    this.state = 'started';
    this.lagSampler?.start();
    this.logger.info({ subscriptions: this.subscribers.map((s) => s.subscription.id) }, 'kafka event bus started');
  }

  async publish(messages: BusMessage[]): Promise<void> {
    if (this.state !== 'started') throw new Error(`kafka event bus cannot publish: ${this.notStarted()}`);
    if (messages.length === 0) return;
    // One publish at a time: order across calls is call order, and a producer is never
    // replaced under a send in flight.
    const run = this.publishing.then(() => this.send(messages));
    this.publishing = run.catch(() => undefined);
    return run;
  }

  async shutdown(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    // Consumers first (their handlers finish and offsets are committed), then the producer
    // after any publish in flight.
    await Promise.allSettled([this.lagSampler?.stop(), ...this.subscribers.map((s) => s.stop())]);
    await this.publishing;
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
    await this.lagAdmin.disconnect().catch(() => undefined);
    this.state = 'stopped';
  }

  async check(): Promise<void> {
    if (this.state !== 'started') throw new Error(`kafka event bus: ${this.notStarted()}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`kafka did not answer within ${this.config.checkTimeoutMs} ms`)), this.config.checkTimeoutMs);
    });
    try {
      // A metadata request: a real round-trip to a broker, cheap for it.
      await Promise.race([this.admin.describeCluster(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Per subscription, logical topic and partition: records its consumer group has not
   * committed yet (the group's, whichever member holds the partition). See `partitionLag`.
   */
  async consumerLag(): Promise<ConsumerLag[]> {
    if (this.state !== 'started') throw new Error(`kafka event bus: ${this.notStarted()}`);
    // Connected once (a failed attempt is forgotten); kafkajs reconnects on demand after that.
    this.lagAdminConnected ??= this.lagAdmin.connect().catch((err: unknown) => {
      this.lagAdminConnected = null;
      throw err;
    });
    await this.lagAdminConnected;
    return fetchConsumerLag(
      this.lagAdmin,
      this.subscribers.map((s) => ({ subscription: s.subscription.id, groupId: s.groupId, topics: s.physicalTopics, fromBeginning: s.fromBeginning })),
    );
  }

  private byTopic(messages: BusMessage[]): { topic: string; messages: Message[] }[] {
    const byTopic = new Map<string, Message[]>();
    for (const message of messages) {
      const topic = this.topics.physical(message.topic);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), encodeMessage(message)]);
    }
    return [...byTopic].map(([topic, records]) => ({ topic, messages: records }));
  }

  private notStarted(): string {
    return this.state === 'new' || this.state === 'starting' ? 'not started' : 'shut down';
  }

  private async startSubscriber(subscriber: KafkaSubscriber): Promise<void> {
    await this.topics.ensure(subscriber.subscription.topics);
    await subscriber.start();
  }

  private async connectProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: this.config.publishRetries, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    await producer.connect();
    this.producer = producer;
    this.producerBroken = false;
    return producer;
  }

  private async send(messages: BusMessage[]): Promise<void> {
    try {
      if (this.producerBroken || !this.producer) {
        await this.producer?.disconnect().catch(() => undefined);
        await this.connectProducer();
      }
      await this.topics.ensure(messages.map((m) => m.topic));
      // One send for the whole batch, in order; each record carries its own trace (startProducerSpans).
      const traced = startProducerSpans(messages);
      try {
        await this.producer!.sendBatch({ acks: -1, topicMessages: this.byTopic(traced.messages) });
        traced.end();
      } catch (err) {
        traced.end(err);
        throw err;
      }
    } catch (err) {
      this.producerBroken = true;
      throw new Error(`kafka publish of ${messages.length} event(s) failed: ${errorMessage(err)}`, { cause: err });
    }
  }
}
