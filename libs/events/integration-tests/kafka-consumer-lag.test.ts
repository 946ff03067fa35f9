import { createMetrics, type Metrics } from '@qtable/observability';
import { requireEnv, uniqueName, waitFor } from '@qtable/testing';
import { KafkaEventBus, newEvent, type BusMessage } from '../src';
import { captureLogger } from '../src/testing';

// The lag gauge against the real broker: committed offsets vs. high watermarks, read back
// from the registry's text exposition as /metrics serves it.
const brokers = requireEnv('KAFKA_BROKERS').split(',');
const buses: KafkaEventBus[] = [];

afterAll(async () => {
  await Promise.allSettled(buses.map((b) => b.shutdown()));
});

const message = (key: string, n: number): BusMessage => ({
  topic: 'lag.test',
  key,
  envelope: newEvent({ type: 'guest.seated', restaurantId: key, aggregateId: 'g', aggregateVersion: n, actor: null, data: { n } }),
  headers: {},
});

/** `kafka_consumer_lag` of one subscription by partition, and the last sample time, from the text exposition. */
async function scrape(metrics: Metrics, subscription: string): Promise<{ lag: Map<string, number>; sampledAt: number }> {
  const text = await metrics.registry.metrics();
  const lag = new Map<string, number>();
  for (const [, labels, value] of text.matchAll(/^kafka_consumer_lag\{([^}]*)\} (\S+)$/gm)) {
    if (!labels!.includes(`subscription="${subscription}"`)) continue;
    expect(labels).toContain('topic="lag.test"'); // the logical name, not the prefixed topic
    lag.set(/partition="(\d+)"/.exec(labels!)![1]!, Number(value));
  }
  const sampledAt = Number(/^kafka_consumer_lag_sampled_timestamp_seconds\{[^}]*\} (\S+)$/m.exec(text)?.[1] ?? 0);
  return { lag, sampledAt };
}

const total = (lag: Map<string, number>) => [...lag.values()].reduce((a, b) => a + b, 0);

it('shows the uncommitted records of a blocked subscription on every sample, and 0 on every partition once it is released', async () => {
  const subscription = 'lag.consumer';
  const metrics = createMetrics({ service: 'test', defaultMetrics: false });
  const intervalMs = 200;
  const bus = KafkaEventBus.fromConfig({ brokers, clientId: 'lag-test', topicPrefix: uniqueName('qt_lag'), logger: captureLogger('warn').logger, metrics, lagSampleIntervalMs: intervalMs });
  buses.push(bus);
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  const entered: string[] = [];
  const handled: string[] = [];
  await bus.subscribe({
    id: subscription,
    topics: ['lag.test'],
    onEvent: async (e) => {
      entered.push(e.envelope.id);
      await gate;
      handled.push(e.envelope.id);
    },
  });
  await bus.start();

  // First 5 events handled and committed: the lag below is then counted from committed
  // offsets (counted from the low watermark it would read 25, not 20).
  await bus.publish(Array.from({ length: 5 }, (_, n) => message(`r-${n}`, n)));
  await waitFor(() => handled.length === 5, 'the first 5 events', 15000);
  await waitFor(async () => {
    const lags = await bus.consumerLag();
    return lags.length === 3 && lags.every((l) => l.lag === 0);
  }, 'their offsets committed', 15000);

  gate = new Promise<void>((resolve) => (open = resolve));
  const blocked = Array.from({ length: 20 }, (_, n) => message(`r-${n}`, 5 + n));
  await bus.publish(blocked);
  await waitFor(() => entered.length > 5, 'a handler to be blocked', 15000);
  const first = await waitFor(async () => {
    const sample = await scrape(metrics, subscription);
    return total(sample.lag) === 20 ? sample : null;
  }, 'the gauge to show the 20 uncommitted events', 15000);
  expect([...first.lag.keys()].sort()).toEqual(['0', '1', '2']);
  // kafkajs commits a batch's resolved offsets when the batch ends; each partition's batch is
  // held by its first record (one handler per partition in flight), so nothing of the 20 is
  // committed: the lag is exactly 20, sample after sample, while the handlers are blocked.
  await waitFor(async () => (await scrape(metrics, subscription)).sampledAt >= first.sampledAt + (3 * intervalMs) / 1000, 'three more samples', 5000);
  const later = await scrape(metrics, subscription);
  expect(total(later.lag)).toBe(20);
  expect(later.lag).toEqual(first.lag);
  expect(entered.length - 5).toBeGreaterThanOrEqual(1);
  expect(entered.length - 5).toBeLessThanOrEqual(3);
  expect(handled).toHaveLength(5);

  open();
  await waitFor(async () => {
    const { lag } = await scrape(metrics, subscription);
    return lag.size === 3 && [...lag.values()].every((v) => v === 0);
  }, 'lag 0 on every partition', 15000);
  expect(handled).toHaveLength(25);

  // Shutdown stops the sampler: the timestamp no longer moves.
  await bus.shutdown();
  const stoppedAt = (await scrape(metrics, subscription)).sampledAt;
  await new Promise((resolve) => setTimeout(resolve, 3 * intervalMs));
  expect((await scrape(metrics, subscription)).sampledAt).toBe(stoppedAt);
  await expect(bus.consumerLag()).rejects.toThrow(/shut down/);
}, 60000);
