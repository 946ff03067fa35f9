import { createServer } from 'node:net';
import { Partitioners } from 'kafkajs';
import { requireEnv, uniqueName, waitFor } from '@qtable/testing';
import { KafkaEventBus, newEvent, type BusMessage, type DeliveredEvent } from '../src';
import { captureLogger } from '../src/testing';

// What the contract cannot say for every bus: Kafka's failure handling.
const brokers = requireEnv('KAFKA_BROKERS').split(',');
const prefix = uniqueName('qt_kafka');
const buses: KafkaEventBus[] = [];

afterAll(async () => {
  await Promise.allSettled(buses.map((b) => b.shutdown()));
});

const message = (key: string, n: number): BusMessage => ({
  topic: 'poison.test',
  key,
  envelope: newEvent({ type: 'guest.seated', restaurantId: key, aggregateId: 'g', aggregateVersion: n, actor: null, data: { n } }),
  headers: {},
});

/** The partition (of 3) the producer's partitioner puts `key` on. */
function partitionOf(key: string): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
  return partitioner({ topic: 'any', partitionMetadata, message: { key, value: null } });
}

it('holds a poison event on its partition (paused, retried, logged with its id, never skipped) while other partitions go on', async () => {
  const poisonKey = 'restaurant-poison';
  const otherKey = ['r-0', 'r-1', 'r-2', 'r-3', 'r-4', 'r-5'].find((k) => partitionOf(k) !== partitionOf(poisonKey))!;
  const { logger, lines } = captureLogger('warn');
  const bus = KafkaEventBus.fromConfig({
    brokers,
    clientId: 'poison-test',
    topicPrefix: `${prefix}_poison`,
    logger,
    consumer: { handlerAttempts: 2, handlerRetryBaseMs: 20, pauseBaseMs: 300 },
  });
  buses.push(bus);

  const poison = message(poisonKey, 0);
  const afterPoison = message(poisonKey, 1);
  const other = message(otherKey, 0);
  const failUntilAttempt = 5; // fails on attempts 0..4: two in-place tries, pause, two, pause, then succeeds
  const handled: { id: string; at: number }[] = [];
  const attempts: number[] = [];
  await bus.subscribe({
    id: 'poison.consumer',
    topics: ['poison.test'],
    onEvent: async (e: DeliveredEvent) => {
      if (e.envelope.id === poison.envelope.id) {
        attempts.push(e.attempt);
        if (e.attempt < failUntilAttempt) throw new Error('projection bug');
      }
      handled.push({ id: e.envelope.id, at: performance.now() });
    },
  });
  await bus.start();
  await bus.publish([poison, afterPoison, other]);

  await waitFor(() => handled.some((h) => h.id === other.envelope.id), 'the other partition', 15000);
  expect(handled.some((h) => h.id === poison.envelope.id)).toBe(false); // still failing meanwhile

  await waitFor(() => handled.some((h) => h.id === afterPoison.envelope.id), 'the poison key to get through', 15000);
  expect(attempts.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
  const ids = handled.map((h) => h.id);
  expect(ids.indexOf(poison.envelope.id)).toBeLessThan(ids.indexOf(afterPoison.envelope.id));

  const failures = lines.filter((l) => l.eventId === poison.envelope.id && l.level === 'warn');
  expect(failures).toHaveLength(5);
  expect(lines.filter((l) => l.level === 'error' && l.eventId === poison.envelope.id)).toHaveLength(2); // one per pause
  expect(lines.filter((l) => /partition paused/.test(l.msg)).map((l) => l.pausedForMs)).toEqual([300, 600]);
}, 40000);

it('answers check() through the broker', async () => {
  const bus = KafkaEventBus.fromConfig({ brokers, clientId: 'check-test', topicPrefix: `${prefix}_check`, logger: captureLogger('warn').logger });
  buses.push(bus);
  await expect(bus.check()).rejects.toThrow(/not started/);
  await bus.start();
  await expect(bus.check()).resolves.toBeUndefined();
  await bus.shutdown();
  await expect(bus.publish([message('r', 0)])).rejects.toThrow(/shut down/);
});

it('fails start() within a bounded time when no broker answers', async () => {
  // A port that was just free: connection refused, as when Kafka is down.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
  });
  const bus = KafkaEventBus.fromConfig({ brokers: [`127.0.0.1:${port}`], clientId: 'down-test', topicPrefix: `${prefix}_down`, logger: captureLogger('error').logger });
  const t0 = Date.now();
  await expect(bus.start()).rejects.toThrow();
  expect(Date.now() - t0).toBeLessThan(10000);
  await expect(bus.check()).rejects.toThrow(/not started/);
  await expect(bus.start()).rejects.toThrow(); // may be retried, e.g. by a readiness loop
  await bus.shutdown();
}, 20000);
