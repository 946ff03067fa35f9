import type { Admin } from 'kafkajs';
import { createMetrics, type Metrics } from '@qtable/observability';
import { waitFor } from '@qtable/testing';
import { captureLogger } from '../testing';
import { ConsumerLagSampler, fetchConsumerLag, partitionLag, type ConsumerLag, type LagAdmin } from './kafka-consumer-lag';

// Pure logic over the two admin calls: a fake admin stands in for the broker here; the real
// broker is exercised in integration-tests/kafka-consumer-lag.test.ts.

type Watermark = { partition: number; low: number; high: number };

class FakeAdmin implements LagAdmin {
  /** groupId → physical topic → committed offset per partition (absent: -1). */
  readonly committed = new Map<string, Map<string, Record<number, number>>>();
  readonly watermarks = new Map<string, Watermark[]>();
  readonly topicFetches: string[] = [];
  failure: Error | null = null;

  fetchOffsets: Admin['fetchOffsets'] = async ({ groupId, topics = [] }) => {
    if (this.failure) throw this.failure;
    return topics.map((topic) => ({
      topic,
      partitions: (this.watermarks.get(topic) ?? []).map(({ partition }) => ({
        partition,
        offset: String(this.committed.get(groupId)?.get(topic)?.[partition] ?? -1),
        metadata: null,
      })),
    }));
  };

  fetchTopicOffsets: Admin['fetchTopicOffsets'] = async (topic) => {
    this.topicFetches.push(topic);
    if (this.failure) throw this.failure;
    return (this.watermarks.get(topic) ?? []).map(({ partition, low, high }) => ({ partition, offset: String(high), high: String(high), low: String(low) }));
  };
}

/** The gauge's values by `subscription/topic/partition`, as the registry holds them. */
async function lagSeries(metrics: Metrics): Promise<Record<string, number>> {
  const gauge = metrics.registry.getSingleMetric('kafka_consumer_lag');
  const { values } = await gauge!.get();
  return Object.fromEntries(values.map((v) => [`${v.labels.subscription}/${v.labels.topic}/${v.labels.partition}`, v.value]));
}

async function sampledAt(metrics: Metrics): Promise<number | undefined> {
  const { values } = await metrics.registry.getSingleMetric('kafka_consumer_lag_sampled_timestamp_seconds')!.get();
  return values[0]?.value;
}

describe('partitionLag', () => {
  it.each([
    ['committed inside the log', 7, 0, 10, true, 3],
    ['fully caught up', 10, 0, 10, true, 0],
    ['nothing committed, group starts at the beginning', -1, 4, 10, true, 6],
    ['nothing committed, group starts at the end', -1, 4, 10, false, 0],
    ['committed offset deleted by retention, resumes at the low watermark', 2, 5, 10, true, 5],
    ['committed beyond the high watermark (topic recreated): never negative', 12, 0, 10, true, 0],
  ])('%s', (_, committed, low, high, fromBeginning, expected) => {
    expect(partitionLag(committed, low, high, fromBeginning)).toBe(expected);
  });
});

describe('fetchConsumerLag', () => {
  it('labels by logical topic and partition, and fetches a topic shared by two groups once', async () => {
    const admin = new FakeAdmin();
    admin.watermarks.set('p.guests', [
      { partition: 0, low: 0, high: 5 },
      { partition: 1, low: 0, high: 3 },
    ]);
    admin.watermarks.set('p.floor', [{ partition: 0, low: 2, high: 9 }]);
    admin.committed.set('p.a', new Map([['p.guests', { 0: 5, 1: 1 }]]));
    admin.committed.set('p.b', new Map([['p.floor', { 0: 8 }]]));

    const lags = await fetchConsumerLag(admin, [
      { subscription: 'a', groupId: 'p.a', topics: new Map([['p.guests', 'guests']]), fromBeginning: true },
      { subscription: 'b', groupId: 'p.b', topics: new Map([['p.guests', 'guests'], ['p.floor', 'floor']]), fromBeginning: true },
    ]);

    expect(lags).toEqual<ConsumerLag[]>([
      { subscription: 'a', topic: 'guests', partition: 0, lag: 0 },
      { subscription: 'a', topic: 'guests', partition: 1, lag: 2 },
      { subscription: 'b', topic: 'guests', partition: 0, lag: 5 },
      { subscription: 'b', topic: 'guests', partition: 1, lag: 3 },
      { subscription: 'b', topic: 'floor', partition: 0, lag: 1 },
    ]);
    expect(admin.topicFetches.sort()).toEqual(['p.floor', 'p.guests']);
  });
});

describe('ConsumerLagSampler', () => {
  const group = { subscription: 'svc.sub', groupId: 'p.svc.sub', topics: new Map([['p.guests', 'guests']]), fromBeginning: true };

  function sampler(admin: FakeAdmin, intervalMs = 60_000) {
    const metrics = createMetrics({ service: 'test', defaultMetrics: false });
    const { logger, lines } = captureLogger('debug');
    const lagSampler = new ConsumerLagSampler({ read: () => fetchConsumerLag(admin, [group]), metrics, logger, intervalMs });
    return { lagSampler, metrics, lines };
  }

  it('keeps the last values through a broker outage, logs one warning for it and one info when sampling works again', async () => {
    const admin = new FakeAdmin();
    admin.watermarks.set('p.guests', [
      { partition: 0, low: 0, high: 10 },
      { partition: 1, low: 0, high: 4 },
    ]);
    admin.committed.set('p.svc.sub', new Map([['p.guests', { 0: 3, 1: 4 }]]));
    const { lagSampler, metrics, lines } = sampler(admin);

    await lagSampler.sample();
    expect(await lagSeries(metrics)).toEqual({ 'svc.sub/guests/0': 7, 'svc.sub/guests/1': 0 });
    const before = await sampledAt(metrics);
    expect(before).toBeGreaterThan(Date.now() / 1000 - 60);

    admin.failure = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:59092');
    for (let i = 0; i < 3; i++) await expect(lagSampler.sample()).resolves.toBeUndefined();
    // Not zeroed (an outage is when lag matters), and the timestamp shows the samples are stale.
    expect(await lagSeries(metrics)).toEqual({ 'svc.sub/guests/0': 7, 'svc.sub/guests/1': 0 });
    expect(await sampledAt(metrics)).toBe(before);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/cannot sample kafka consumer lag.*ECONNREFUSED/);
    expect(lines.filter((l) => l.level === 'debug')).toHaveLength(2);

    admin.failure = null;
    admin.watermarks.set('p.guests', [
      { partition: 0, low: 0, high: 12 },
      { partition: 1, low: 0, high: 4 },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later timestamp
    await lagSampler.sample();
    expect(await lagSeries(metrics)).toEqual({ 'svc.sub/guests/0': 9, 'svc.sub/guests/1': 0 });
    expect(await sampledAt(metrics)).toBeGreaterThan(before!);
    const infos = lines.filter((l) => l.level === 'info');
    expect(infos).toEqual([expect.objectContaining({ msg: 'kafka consumer lag sampled again', failures: 3 })]);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });

  it('samples on start and then on its interval, joins a sample in flight instead of doubling it, and stop() waits for it', async () => {
    let reads = 0;
    let release: () => void = () => undefined;
    const metrics = createMetrics({ service: 'test', defaultMetrics: false });
    const lagSampler = new ConsumerLagSampler({
      read: async () => {
        reads++;
        if (reads === 3) await new Promise<void>((resolve) => (release = resolve)); // a slow broker
        return [{ subscription: 's', topic: 't', partition: 0, lag: reads }];
      },
      metrics,
      logger: captureLogger('warn').logger,
      intervalMs: 20,
    });
    lagSampler.start();
    await waitFor(() => reads === 3, 'the third sample to start', 2000);
    // Ticks while the third read hangs join it instead of piling up requests.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads).toBe(3);

    let stopped = false;
    const stopping = lagSampler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await lagSeries(metrics)).toEqual({ 's/t/0': 3 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads).toBe(3); // the timer is gone
  });
});
