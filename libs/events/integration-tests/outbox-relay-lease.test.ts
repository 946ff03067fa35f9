import { createTestDatabase, requireEnv, uniqueName, waitFor, type TestDatabase } from '@qtable/testing';
import type { ServiceOrm } from '@qtable/db';
import { KafkaEventBus, OutboxRelay, type BusMessage, type DeliveredEvent } from '../src';
import { captureLogger } from '../src/testing';
import { commitEvents, FaultyBus, GUEST_TOPIC, guestEvent, serviceOrm } from '../src/testing/outbox-test-kit';

// Two replicas of one service, each with its relay, on one schema: only the lease holder
// publishes, so every restaurant's events reach Kafka in order, including across a failover.
const brokers = requireEnv('KAFKA_BROKERS').split(',');
const prefix = uniqueName('qt_lease');

let db: TestDatabase;
let orm: ServiceOrm;
const buses: KafkaEventBus[] = [];
const bus = (clientId: string) => {
  const b = KafkaEventBus.fromConfig({ brokers, clientId, topicPrefix: prefix, logger: captureLogger('warn').logger });
  buses.push(b);
  return b;
};

/** Records when each relay's publish calls ran. */
class TimedBus extends FaultyBus {
  readonly calls: { start: number; end: number; size: number }[] = [];
  override async publish(messages: BusMessage[]): Promise<void> {
    const start = performance.now();
    await super.publish(messages);
    this.calls.push({ start, end: performance.now(), size: messages.length });
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await serviceOrm(db.url, 'guests');
}, 30000);

afterAll(async () => {
  await Promise.allSettled(buses.map((b) => b.shutdown()));
  await orm?.close();
  await db?.drop();
});

it('lets only the lease holder publish and keeps order per restaurant over ~100 events and a failover', async () => {
  const received: DeliveredEvent[] = [];
  const consumerBus = bus('floor');
  await consumerBus.subscribe({ id: 'floor.order-check', topics: [GUEST_TOPIC], onEvent: async (e) => void received.push(e) });
  const busA = new TimedBus(bus('guests-a'));
  const busB = new TimedBus(bus('guests-b'));
  await Promise.all([consumerBus.start(), busA.start(), busB.start()]);

  const options = { orm, logger: captureLogger('warn').logger, name: 'guests', pollIntervalMs: 20, leaseMs: 2000 };
  const a = OutboxRelay.create({ ...options, bus: busA, holderId: 'replica-a' });
  const b = OutboxRelay.create({ ...options, bus: busB, holderId: 'replica-b' });
  const holder = async () => (await orm.em.fork().execute<{ holder: string }[]>(`select holder from "guests"."outbox_relay_lease"`))[0]?.holder;
  a.start();
  await waitFor(async () => (await holder()) === 'replica-a', 'replica a to take the lease', 10000);
  b.start();

  const restaurants = ['r1', 'r2', 'r3'];
  const next: Record<string, number> = { r1: 0, r2: 0, r3: 0 };
  let aStopRequested = 0;
  let aStopped = 0;
  for (let t = 0; t < 20; t++) {
    if (t === 10) {
      // Graceful stop of the holder mid-stream (a rolling deploy): it drains, releases the
      // lease, and replica b carries on.
      aStopRequested = performance.now();
      await a.stop();
      aStopped = performance.now();
    }
    const events = Array.from({ length: 5 }, (_, i) => {
      const r = restaurants[(t + i) % 3]!;
      return guestEvent(r, next[r]!++);
    });
    await commitEvents(orm, events);
    a.wake();
    b.wake();
    await new Promise((r) => setTimeout(r, 15));
  }

  await waitFor(() => new Set(received.map((e) => e.envelope.id)).size === 100, 'all 100 events on Kafka', 30000);
  await b.stop();

  // Order per restaurant (first arrival of each event; at-least-once may repeat one).
  for (const r of restaurants) {
    const ns = [...new Map(received.filter((e) => e.key === r).map((e) => [e.envelope.id, (e.envelope.data as { n: number }).n])).values()];
    expect(ns).toEqual(Array.from({ length: next[r]! }, (_, i) => i));
  }
  // One publisher at a time: b published only after a was asked to stop, a not after it stopped.
  expect(busA.calls.length).toBeGreaterThan(0);
  expect(busB.calls.length).toBeGreaterThan(0);
  expect(busB.calls.every((c) => c.start >= aStopRequested)).toBe(true);
  expect(busA.calls.every((c) => c.end <= aStopped)).toBe(true);
  const overlaps = busA.calls.filter((ca) => busB.calls.some((cb) => ca.start < cb.end && cb.start < ca.end));
  expect(overlaps).toEqual([]);
  expect(busA.calls.reduce((s, c) => s + c.size, 0) + busB.calls.reduce((s, c) => s + c.size, 0)).toBe(100);
}, 90000);
