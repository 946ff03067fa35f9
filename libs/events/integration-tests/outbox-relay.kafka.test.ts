import { createTestDatabase, requireEnv, uniqueName, waitFor, type TestDatabase } from '@qtable/testing';
import type { ServiceOrm } from '@qtable/db';
import { idempotent, KafkaEventBus, OutboxRelay, recordEvent, type DeliveredEvent } from '../src';
import { captureLogger } from '../src/testing';
import {
  commitEvents,
  createSeenTable,
  FaultyBus,
  GUEST_TOPIC,
  guestEvent,
  insertSeen,
  outboxRows,
  seenRows,
  serviceOrm,
} from '../src/testing/outbox-test-kit';

// The outbox end to end on the real servers: PostgreSQL (a database of its own) and Kafka
// (topics and groups under a prefix of its own).
const brokers = requireEnv('KAFKA_BROKERS').split(',');
const prefix = uniqueName('qt_outbox');
const CONSUMER_ID = 'floor.guest-projection';

let db: TestDatabase;
let producer: ServiceOrm;
let consumer: ServiceOrm;
let producerBus: KafkaEventBus;
let consumerBus: KafkaEventBus;
const delivered: DeliveredEvent[] = [];
const relays: OutboxRelay[] = [];

const bus = (clientId: string) => KafkaEventBus.fromConfig({ brokers, clientId, topicPrefix: prefix, logger: captureLogger('warn').logger });
const relay = (options: { bus: KafkaEventBus | FaultyBus; leaseMs?: number }) => {
  const r = OutboxRelay.create({ orm: producer, logger: captureLogger('warn').logger, name: 'guests', pollIntervalMs: 50, ...options });
  relays.push(r);
  return r;
};
const deliveriesOf = (id: string) => delivered.filter((e) => e.envelope.id === id).length;

beforeAll(async () => {
  db = await createTestDatabase();
  producer = await serviceOrm(db.url, 'guests');
  consumer = await serviceOrm(db.url, 'floor');
  await createSeenTable(consumer);
  producerBus = bus('guests');
  consumerBus = bus('floor');
  const apply = idempotent(consumer, CONSUMER_ID, (em, event) => insertSeen(em, event.envelope));
  await consumerBus.subscribe({
    id: CONSUMER_ID,
    topics: [GUEST_TOPIC],
    onEvent: async (event) => {
      delivered.push(event); // every delivery, duplicates included
      await apply(event);
    },
  });
  await Promise.all([producerBus.start(), consumerBus.start()]);
}, 60000);

afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
});

afterAll(async () => {
  await Promise.allSettled([producerBus?.shutdown(), consumerBus?.shutdown()]);
  await Promise.allSettled([producer?.close(), consumer?.close()]);
  await db?.drop();
});

describe('transactional outbox on PostgreSQL and Kafka', () => {
  it('never publishes an event recorded in a transaction that rolled back', async () => {
    const rolledBack = guestEvent('restaurant-a', 0);
    await expect(
      producer.em.fork().transactional(async (em) => {
        recordEvent(em, GUEST_TOPIC, rolledBack);
        await em.flush(); // the row really was inserted, inside the transaction
        throw new Error('seat rule violated');
      }),
    ).rejects.toThrow('seat rule violated');
    // Same key, so same partition: once the later event is delivered, an earlier one would have been.
    const later = guestEvent('restaurant-a', 1);
    await commitEvents(producer, [later]);

    const r = relay({ bus: producerBus });
    r.start();
    r.wake();
    await waitFor(() => deliveriesOf(later.id) > 0, 'the committed event on Kafka', 20000);
    expect(deliveriesOf(rolledBack.id)).toBe(0);
    expect((await outboxRows(producer)).map((row) => row.id)).not.toContain(rolledBack.id);
  }, 40000);

  it('delivers a committed event exactly once in effect, even when the relay dies between publish and mark', async () => {
    const event = guestEvent('restaurant-b', 0);
    await commitEvents(producer, [event]);

    // Relay 1 publishes to Kafka, then "dies" before it can mark the row.
    const crashing = new FaultyBus(producerBus);
    const first = relay({ bus: crashing, leaseMs: 1000 });
    let crashed = false;
    crashing.afterPublish = () => {
      crashed = true;
      first.abort();
    };
    first.start();
    first.wake();
    await waitFor(() => crashed, 'relay 1 to publish and die', 20000);
    await waitFor(() => deliveriesOf(event.id) === 1, 'first delivery from Kafka', 20000);
    const row = (await outboxRows(producer)).find((r) => r.id === event.id);
    expect(row?.published_at).toBeNull(); // the crash really happened before the mark

    // A new relay takes over once the dead one's lease expires, and publishes it again.
    const second = relay({ bus: producerBus, leaseMs: 1000 });
    second.start();
    await waitFor(() => deliveriesOf(event.id) === 2, 'redelivery after the republish', 20000);
    await waitFor(async () => (await outboxRows(producer)).find((r) => r.id === event.id)?.published_at != null, 'row marked by relay 2', 10000);

    // Delivered twice, applied once.
    expect((await seenRows(consumer)).filter((s) => s.event_id === event.id)).toHaveLength(1);
    const marker = await consumer.em
      .fork()
      .execute(`select 1 from "floor"."processed_event" where consumer_id = ? and event_id = ?`, [CONSUMER_ID, event.id]);
    expect(marker).toHaveLength(1);
  }, 60000);
});
