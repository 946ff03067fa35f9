import type { ServiceOrm } from '@qtable/db';
import { createMetrics, type Metrics } from '@qtable/observability';
import { startEmbeddedPostgresProcess, waitFor, type EmbeddedPostgresProcess } from '@qtable/testing';
import type { DeliveredEvent } from '../event-bus';
import { idempotent } from '../idempotency/idempotent-handler';
import { InMemoryEventBus } from '../in-memory/in-memory-event-bus';
import { captureLogger } from '../testing';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import {
  commitEvents,
  createSeenTable,
  FaultyBus,
  GUEST_TOPIC,
  guestEvent,
  insertSeen,
  outboxRows,
  seenRows,
  sequencesByKey,
  serviceOrm,
} from '../testing/outbox-test-kit';

// Unit level, no server to install: the embedded mode's own stack (PGlite over its socket
// server, in a child process, and the in-memory bus). This also proves the embedded case that a held transaction would
// deadlock: subscribers write to the database while the relay is publishing.

let pg: EmbeddedPostgresProcess;
let schemaSeq = 0;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  pg = await startEmbeddedPostgresProcess({ maxConnections: 16 });
}, 60000);

afterAll(async () => {
  await pg?.stop();
});

afterEach(async () => {
  // Reverse order: relays before buses before ORMs.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** The value of a metric's `relay="guests"` series. */
async function metricValue(metrics: Metrics, name: string): Promise<number | undefined> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels.relay === 'guests')?.value;
}

interface Setup {
  producer: ServiceOrm;
  consumer: ServiceOrm;
  bus: InMemoryEventBus;
  faulty: FaultyBus;
  delivered: DeliveredEvent[];
  relay(options?: Partial<OutboxRelayOptions>): OutboxRelay;
}

async function setup(): Promise<Setup> {
  const n = ++schemaSeq;
  const producer = await serviceOrm(pg.url, `guests_${n}`);
  const consumer = await serviceOrm(pg.url, `floor_${n}`);
  cleanups.push(() => producer.close(), () => consumer.close());
  await createSeenTable(consumer);
  const bus = InMemoryEventBus.create({ logger: captureLogger().logger, retryBaseMs: 1 });
  const delivered: DeliveredEvent[] = [];
  const apply = idempotent(consumer, 'floor.projection', (em, event) => insertSeen(em, event.envelope));
  await bus.subscribe({ id: 'floor.projection', topics: [GUEST_TOPIC], onEvent: async (e) => { delivered.push(e); await apply(e); } });
  await bus.start();
  cleanups.push(() => bus.shutdown());
  const faulty = new FaultyBus(bus);
  const relay = (options: Partial<OutboxRelayOptions> = {}) => {
    const r = OutboxRelay.create({ orm: producer, bus: faulty, logger: captureLogger().logger, name: 'guests', pollIntervalMs: 20, ...options });
    cleanups.push(() => r.stop());
    return r;
  };
  return { producer, consumer, bus, faulty, delivered, relay };
}

describe('OutboxRelay (embedded: PGlite + in-memory bus)', () => {
  it('publishes committed events in order per restaurant, marks them, and counts them', async () => {
    const s = await setup();
    const metrics = createMetrics({ service: 'test', defaultMetrics: false });
    const relay = s.relay({ metrics });
    relay.start();
    for (let t = 0; t < 4; t++) {
      await commitEvents(s.producer, [guestEvent('r1', t * 2), guestEvent('r2', t), guestEvent('r1', t * 2 + 1)]);
      relay.wake();
    }
    await waitFor(async () => (await seenRows(s.consumer)).length === 12, '12 events applied', 10000);
    expect(sequencesByKey(await seenRows(s.consumer))).toEqual({ r1: [0, 1, 2, 3, 4, 5, 6, 7], r2: [0, 1, 2, 3] });
    await waitFor(async () => (await outboxRows(s.producer)).every((r) => r.published_at !== null), 'rows marked published', 5000);
    expect(await metricValue(metrics, 'outbox_published_total')).toBe(12);
  });

  it('publishes at once on wake() instead of waiting for the poll interval', async () => {
    const s = await setup();
    const relay = s.relay({ pollIntervalMs: 60000 });
    relay.start();
    await commitEvents(s.producer, [guestEvent('r1', 0)]);
    relay.wake();
    await waitFor(() => s.delivered.length === 1, 'first event', 5000);
    await new Promise((r) => setTimeout(r, 300)); // let a pending wake be consumed: the relay now sleeps 60 s

    await commitEvents(s.producer, [guestEvent('r1', 1)]);
    await new Promise((r) => setTimeout(r, 700));
    expect(s.delivered).toHaveLength(1); // proves the poll alone would not have published it yet
    const woken = Date.now();
    relay.wake();
    await waitFor(() => s.delivered.length === 2, 'second event after wake', 2000);
    expect(Date.now() - woken).toBeLessThan(1000);
  });

  it('gathers the commits that follow a publish into one batch (linger), each delivered once and in order', async () => {
    const s = await setup();
    const relay = s.relay({ pollIntervalMs: 60000, lingerMs: 500 });
    const batches: number[] = [];
    s.faulty.afterPublish = (messages) => batches.push(messages.length);
    relay.start();
    await commitEvents(s.producer, [guestEvent('r1', 0)]);
    relay.wake();
    await waitFor(() => s.delivered.length === 1, 'first event', 5000);
    // Five commits, each waking the relay, while it lingers after the first publish.
    for (let v = 1; v <= 5; v++) {
      await commitEvents(s.producer, [guestEvent('r1', v)]);
      relay.wake();
    }
    await waitFor(() => s.delivered.length === 6 && batches.reduce((a, b) => a + b, 0) === 6, 'the five others', 5000);
    expect(batches).toEqual([1, 5]);
    expect(sequencesByKey(await seenRows(s.consumer))).toEqual({ r1: [0, 1, 2, 3, 4, 5] });
  });

  it('lingers longer after a batch of several rows (busy), and only the short linger after a batch of one', async () => {
    const s = await setup();
    const relay = s.relay({ pollIntervalMs: 60000, lingerMs: 0, busyLingerMs: 500 });
    const batches: number[] = [];
    s.faulty.afterPublish = (messages) => batches.push(messages.length);
    const published = (n: number) => () => s.delivered.length === n && batches.reduce((a, b) => a + b, 0) === n;
    relay.start();
    // Sparse: a batch of one, then no linger, so the next commit goes out alone.
    await commitEvents(s.producer, [guestEvent('r1', 0)]);
    relay.wake();
    await waitFor(published(1), 'first event', 5000);
    await commitEvents(s.producer, [guestEvent('r1', 1), guestEvent('r1', 2)]);
    relay.wake();
    await waitFor(published(3), 'a batch of two', 5000);
    // Busy: after the batch of two the relay gathers these three for 500 ms.
    for (let v = 3; v <= 5; v++) {
      await commitEvents(s.producer, [guestEvent('r1', v)]);
      relay.wake();
    }
    await waitFor(published(6), 'the three others', 5000);
    expect(batches).toEqual([1, 2, 3]);
    expect(sequencesByKey(await seenRows(s.consumer))).toEqual({ r1: [0, 1, 2, 3, 4, 5] });
  });

  it('keeps events while the bus is down (writes still commit), warns once per outage, and publishes them in order when it is back', async () => {
    const s = await setup();
    const { logger, lines } = captureLogger();
    const metrics = createMetrics({ service: 'test', defaultMetrics: false });
    const relay = s.relay({ logger, metrics, maxBackoffMs: 80 });
    s.faulty.down = true;
    relay.start();
    for (let n = 0; n < 10; n++) {
      await commitEvents(s.producer, [guestEvent('r1', n)]);
      relay.wake();
    }
    await waitFor(() => s.faulty.failures >= 5, 'several failed publish attempts', 10000);
    expect((await outboxRows(s.producer)).filter((r) => r.published_at === null)).toHaveLength(10);
    expect(s.delivered).toHaveLength(0);
    expect(lines.filter((l) => l.level === 'warn' && /cannot publish/.test(l.msg))).toHaveLength(1);
    expect(await metricValue(metrics, 'outbox_lag_seconds')).toBeGreaterThan(0);

    s.faulty.down = false;
    await waitFor(async () => (await seenRows(s.consumer)).length === 10, 'all events after recovery', 10000);
    expect(sequencesByKey(await seenRows(s.consumer))).toEqual({ r1: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    await waitFor(() => lines.some((l) => l.level === 'info' && /publishing again/.test(l.msg)), 'recovery log', 2000);
    expect(lines.filter((l) => l.level === 'warn' && /cannot publish/.test(l.msg))).toHaveLength(1);
    expect(await metricValue(metrics, 'outbox_publish_failures_total')).toBeGreaterThanOrEqual(5);
  });

  it('stop() publishes what is committed before it resolves, and releases the lease', async () => {
    const s = await setup();
    const relay = s.relay({ pollIntervalMs: 60000 });
    relay.start();
    await commitEvents(s.producer, [guestEvent('r1', 0), guestEvent('r2', 0)]);
    await commitEvents(s.producer, [guestEvent('r1', 1)]);
    await relay.stop(); // no wake(): only the drain can have published them
    expect(s.delivered.map((e) => e.key)).toEqual(['r1', 'r2', 'r1']);
    expect((await outboxRows(s.producer)).every((r) => r.published_at !== null)).toBe(true);
    expect(await s.producer.em.fork().execute(`select * from "${s.producer.config.get('schema')}"."outbox_relay_lease"`)).toEqual([]);
  });

  it('stop() with the bus down gives up, logs it, and leaves the rows for the next relay', async () => {
    const s = await setup();
    const { logger, lines } = captureLogger();
    const relay = s.relay({ logger, pollIntervalMs: 60000, drainTimeoutMs: 500 });
    s.faulty.down = true;
    relay.start();
    await commitEvents(s.producer, [guestEvent('r1', 0)]);
    const t0 = Date.now();
    await relay.stop();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((await outboxRows(s.producer)).map((r) => r.published_at)).toEqual([null]);
    expect(lines.some((l) => l.level === 'warn' && /not fully drained/.test(l.msg))).toBe(true);

    s.faulty.down = false;
    const next = s.relay();
    await next.flush();
    expect(s.delivered).toHaveLength(1);
  });

  it('after an abort between publish and mark, the next relay republishes and the idempotent consumer applies it once', async () => {
    const s = await setup();
    const first = s.relay({ leaseMs: 300 });
    s.faulty.afterPublish = () => first.abort(); // "killed" right after the bus accepted the batch
    const event = guestEvent('r1', 0);
    await commitEvents(s.producer, [event]);
    first.start();
    await waitFor(() => s.delivered.length === 1, 'first delivery', 5000);
    expect((await outboxRows(s.producer)).map((r) => r.published_at)).toEqual([null]);

    s.faulty.afterPublish = undefined;
    const second = s.relay({ leaseMs: 300 });
    second.start(); // must wait for the dead relay's lease to expire
    await waitFor(() => s.delivered.length === 2, 'redelivery by the second relay', 5000);
    await waitFor(async () => (await outboxRows(s.producer))[0]!.published_at !== null, 'row marked', 5000);
    expect(s.delivered.map((e) => e.envelope.id)).toEqual([event.id, event.id]);
    expect(await seenRows(s.consumer)).toEqual([{ event_id: event.id, restaurant_id: 'r1', n: 0 }]);
  });

  it('lets one relay per schema publish: the other stays standby until the holder stops', async () => {
    const s = await setup();
    const a = s.relay({ leaseMs: 2000, holderId: 'relay-a' });
    const b = s.relay({ leaseMs: 2000, holderId: 'relay-b' });
    const lease = async () =>
      (await s.producer.em.fork().execute<{ holder: string }[]>(`select holder from "${s.producer.config.get('schema')}"."outbox_relay_lease"`))[0]?.holder;
    a.start();
    await waitFor(async () => (await lease()) === 'relay-a', 'a to hold the lease', 5000);
    b.start();
    await commitEvents(s.producer, [guestEvent('r1', 0)]);
    a.wake();
    b.wake();
    await waitFor(() => s.delivered.length === 1, 'event 0', 5000);
    expect(await lease()).toBe('relay-a');

    await a.stop();
    await commitEvents(s.producer, [guestEvent('r1', 1)]);
    await waitFor(async () => (await lease()) === 'relay-b', 'b to take over', 5000);
    await waitFor(() => s.delivered.length === 2, 'event 1 via b', 5000);
    expect(s.delivered.map((e) => (e.envelope.data as { n: number }).n)).toEqual([0, 1]);
  });

  it('deletes published rows older than the retention in bounded batches, never unpublished ones', async () => {
    const s = await setup();
    await commitEvents(s.producer, [0, 1, 2, 3, 4].map((n) => guestEvent('r1', n)));
    const schema = s.producer.config.get('schema');
    const first = s.relay();
    await first.flush();
    await first.stop();
    const rows = await outboxRows(s.producer);
    // Three rows published two hours ago; a sixth row is old but unpublished.
    await s.producer.em.fork().execute(`update "${schema}"."outbox" set published_at = now() - interval '2 hours' where id in (?)`, [rows.slice(0, 3).map((r) => r.id)], 'run');
    s.faulty.down = true; // keep the sixth row unpublished
    await commitEvents(s.producer, [guestEvent('r1', 5)]);
    await s.producer.em.fork().execute(`update "${schema}"."outbox" set created_at = now() - interval '2 hours' where published_at is null`, [], 'run');

    const relay = s.relay({ cleanupBatchSize: 2, cleanupIntervalMs: 60000 });
    relay.start();
    await waitFor(async () => (await outboxRows(s.producer)).length === 3, 'old published rows deleted', 5000);
    await new Promise((r) => setTimeout(r, 200));
    const left = await outboxRows(s.producer);
    expect(left.map((r) => r.id)).toEqual([...rows.slice(3).map((r) => r.id), expect.any(String)]);
    expect(left[2]!.published_at).toBeNull();
  });
});
