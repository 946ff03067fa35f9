import type { Admin } from 'kafkajs';
import type { Gauge } from 'prom-client';
import type { Logger, Metrics } from '@qtable/observability';
import { OutageLog } from '../internal/outage-log';

/** Records of one partition that a subscription's consumer group has not yet committed. */
export interface ConsumerLag {
  subscription: string;
  /** The logical topic (`guests`), not the prefixed physical one. */
  topic: string;
  partition: number;
  lag: number;
}

/** One subscription's consumer group, as the lag is computed for it. */
export interface ConsumerGroupTopics {
  subscription: string;
  groupId: string;
  /** Physical topic → logical topic. */
  topics: ReadonlyMap<string, string>;
  /** Where the group starts on a partition without a usable committed offset. */
  fromBeginning: boolean;
}

/** The two admin calls the lag needs (a fake in unit tests). */
export type LagAdmin = Pick<Admin, 'fetchOffsets' | 'fetchTopicOffsets'>;

/**
 * Lag of one partition: high watermark − the position the group resumes from. A committed
 * offset below the low watermark (none: -1, or deleted by retention) is not where the group
 * resumes: kafkajs resets to the earliest record or to the end, as `fromBeginning` says. So
 * a `fromBeginning: false` group (the gateway's default) that has not committed on a
 * partition yet reports 0 there, not the topic's whole history (it will never read that);
 * the price is that a record stuck in its handler before the group's first commit on that
 * partition does not show.
 */
export function partitionLag(committed: number, low: number, high: number, fromBeginning: boolean): number {
  const position = committed < low ? (fromBeginning ? low : high) : committed;
  return Math.max(0, high - position);
}

/** Committed offsets of every group against its topics' watermarks (each topic fetched once). */
export async function fetchConsumerLag(admin: LagAdmin, groups: readonly ConsumerGroupTopics[]): Promise<ConsumerLag[]> {
  const watermarks = new Map<string, Promise<Map<number, { low: number; high: number }>>>();
  const watermarksOf = (topic: string) => {
    let known = watermarks.get(topic);
    if (!known) {
      known = admin.fetchTopicOffsets(topic).then((offsets) => new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }])));
      watermarks.set(topic, known);
    }
    return known;
  };
  const perGroup = await Promise.all(
    groups.map(async (group) => {
      const physical = [...group.topics.keys()];
      const [committed] = await Promise.all([admin.fetchOffsets({ groupId: group.groupId, topics: physical }), Promise.all(physical.map(watermarksOf))]);
      const lags: ConsumerLag[] = [];
      for (const { topic, partitions } of committed) {
        const marks = await watermarksOf(topic);
        for (const { partition, offset } of partitions) {
          const mark = marks.get(partition);
          if (!mark) continue;
          const lag = partitionLag(Number(offset), mark.low, mark.high, group.fromBeginning);
          lags.push({ subscription: group.subscription, topic: group.topics.get(topic) ?? topic, partition, lag });
        }
      }
      return lags;
    }),
  );
  return perGroup.flat();
}

export interface ConsumerLagSamplerOptions {
  /** One reading of every group's lag (the bus's `consumerLag`); may reject (broker away). */
  read: () => Promise<ConsumerLag[]>;
  metrics: Metrics;
  logger: Logger;
  intervalMs: number;
}

/**
 * Samples the consumer lag into Prometheus gauges on a timer that does not keep the process
 * alive. Labels: subscription, logical topic, partition (bounded; never a tenant). The lag
 * is the group's, so every replica of a service reports the same series: aggregate with
 * `max`, not `sum`.
 *
 * A failed sample (broker away) keeps the last values rather than zeroing them (an outage
 * is when lag matters) and leaves `kafka_consumer_lag_sampled_timestamp_seconds` behind,
 * which is how a stale gauge shows; it logs once per outage.
 */
export class ConsumerLagSampler {
  private readonly lag: Gauge<'subscription' | 'topic' | 'partition'>;
  private readonly sampledAt: Gauge;
  private readonly outage: OutageLog;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | null = null;

  constructor(private readonly options: ConsumerLagSamplerOptions) {
    this.lag = options.metrics.gauge('kafka_consumer_lag', 'Records not yet committed by a subscription’s consumer group, per logical topic and partition', [
      'subscription',
      'topic',
      'partition',
    ]);
    this.sampledAt = options.metrics.gauge('kafka_consumer_lag_sampled_timestamp_seconds', 'Unix time of the last successful consumer lag sample');
    this.outage = new OutageLog(options.logger, {
      down: 'cannot sample kafka consumer lag; keeping the last values',
      stillDown: 'kafka consumer lag sampling still failing',
      up: 'kafka consumer lag sampled again',
    });
  }

  /** Samples now, then every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sample in flight (bounded by the admin's request timeouts). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sampling;
  }

  /** One sample; never rejects. While one is in flight (a slow broker) it is joined, not doubled. */
  sample(): Promise<void> {
    this.sampling ??= this.run().finally(() => {
      this.sampling = null;
    });
    return this.sampling;
  }

  private async run(): Promise<void> {
    let lags: ConsumerLag[];
    try {
      lags = await this.options.read();
    } catch (err) {
      this.outage.failed(err);
      return;
    }
    this.outage.succeeded();
    for (const { subscription, topic, partition, lag } of lags) this.lag.set({ subscription, topic, partition: String(partition) }, lag);
    this.sampledAt.set(Date.now() / 1000);
  }
}
