import { createTestDatabase, type TestDatabase } from '@qtable/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrm } from '@qtable/db';
import { handleOnce, idempotent, type DeliveredEvent } from '../src';
import { createSeenTable, guestEvent, insertSeen, seenRows, serviceOrm } from '../src/testing/outbox-test-kit';

// handleOnce on real PostgreSQL: the processed-event marker and the side effect commit or
// roll back together, and concurrent duplicates serialize on the marker's primary key.
let db: TestDatabase;
let orm: ServiceOrm;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await serviceOrm(db.url, 'floor');
  await createSeenTable(orm);
}, 30000);

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

const seenOf = async (id: string) => (await seenRows(orm)).filter((r) => r.event_id === id).length;
const markers = async (consumer: string, id: string) =>
  (await orm.em.fork().execute(`select 1 from "floor"."processed_event" where consumer_id = ? and event_id = ?`, [consumer, id])).length;

describe('handleOnce', () => {
  it('runs the handler for a new event and skips a redelivery', async () => {
    const event = guestEvent('r1', 1);
    const apply = (em: EntityManager) => insertSeen(em, event);
    expect(await handleOnce(orm.em.fork(), 'floor.a', event, apply)).toBe(true);
    expect(await handleOnce(orm.em.fork(), 'floor.a', event, apply)).toBe(false);
    expect(await seenOf(event.id)).toBe(1);
    expect(await markers('floor.a', event.id)).toBe(1);
  });

  it('lets each consumer id handle the event once', async () => {
    const event = guestEvent('r1', 2);
    expect(await handleOnce(orm.em.fork(), 'floor.b1', event, (em) => insertSeen(em, event))).toBe(true);
    expect(await handleOnce(orm.em.fork(), 'floor.b2', event, (em) => insertSeen(em, event))).toBe(true);
    expect(await seenOf(event.id)).toBe(2);
  });

  it('rolls the marker back with a failing handler, so the redelivery runs it again', async () => {
    const event = guestEvent('r1', 3);
    await expect(
      handleOnce(orm.em.fork(), 'floor.c', event, async (em) => {
        await insertSeen(em, event);
        throw new Error('projection failed');
      }),
    ).rejects.toThrow('projection failed');
    expect(await markers('floor.c', event.id)).toBe(0);
    expect(await seenOf(event.id)).toBe(0);
    expect(await handleOnce(orm.em.fork(), 'floor.c', event, (em) => insertSeen(em, event))).toBe(true);
    expect(await seenOf(event.id)).toBe(1);
  });

  it('applies concurrent duplicate deliveries once', async () => {
    const event = guestEvent('r1', 4);
    const slowApply = async (em: EntityManager) => {
      await insertSeen(em, event);
      await new Promise((r) => setTimeout(r, 200)); // keep the first transaction open while the others arrive
    };
    const results = await Promise.all([1, 2, 3].map(() => handleOnce(orm.em.fork(), 'floor.d', event, slowApply)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await seenOf(event.id)).toBe(1);
  });
});

describe('idempotent()', () => {
  it('turns an (em, event) handler into an onEvent that applies each event once', async () => {
    const event = guestEvent('r2', 1);
    const calls: number[] = [];
    const onEvent = idempotent(orm, 'floor.e', async (em, delivered) => {
      calls.push(delivered.attempt);
      await insertSeen(em, delivered.envelope);
    });
    const delivery = (attempt: number): DeliveredEvent => ({ topic: 'guests.events', key: 'r2', envelope: event, headers: {}, attempt });
    await onEvent(delivery(0));
    await onEvent(delivery(1));
    expect(calls).toEqual([0]);
    expect(await seenOf(event.id)).toBe(1);
  });
});
