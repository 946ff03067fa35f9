import { GuestEvents } from '@qtable/contracts';
import type { Client } from 'pg';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

// A party joining the waitlist without an Idempotency-Key is written as ONE statement (the
// guest row and its guest.created outbox row) instead of a transaction: these prove that the
// statement is what it claims, against the real PostgreSQL.
let h: GuestsHarness;
let db: Client;
beforeAll(async () => {
  h = await startGuestsHarness();
  db = h.db;
});
afterAll(async () => {
  await h?.close();
});

const guests = () => `/restaurants/${h.restaurantId}/guests`;
const counts = async () =>
  (
    await db.query(
      `select (select count(*)::int from "guests"."guest" where "restaurant_id" = $1::uuid) as "guests",
              (select count(*)::int from "guests"."outbox" where "key" = $1::text) as "events"`,
      [h.restaurantId],
    )
  ).rows[0] as { guests: number; events: number };

describe('joining the waitlist', () => {
  it('stores exactly what it answers and records the same view in the outbox, whatever the text holds', async () => {
    const body = { guestName: `O'Brien? $1 \\ "Zoë" 李`, partySize: 3, phone: `+1 (555) 0100`, notes: `it's ?? -- ; drop table x`, tags: ['vip', `o'?`] };
    const res = await h.call('POST', guests(), { body });
    expect([res.status, res.body?.error]).toEqual([201, undefined]);
    expect(res.body).toMatchObject({ ...body, status: 'waiting', position: 1, version: 1, tableIds: [] });
    expect((await h.call('GET', `${guests()}/${res.body.id}`)).body).toEqual(res.body);

    const { rows } = await db.query(`select "type", "topic", "key", "payload", "headers" from "guests"."outbox" where "payload"->>'aggregateId' = $1`, [res.body.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: GuestEvents.GUEST_CREATED, key: h.restaurantId, payload: { aggregateVersion: 1, data: res.body } });
  });

  it('writes neither the party nor its event when the event cannot be written', async () => {
    const before = await counts();
    // A fault on the outbox insert only: the guest insert of the same statement must go too.
    await db.query(`create function "guests"."refuse_event"() returns trigger language plpgsql as $$ begin raise exception 'outbox refused'; end $$`);
    await db.query(`create trigger "refuse_event" before insert on "guests"."outbox" for each row execute function "guests"."refuse_event"()`);
    try {
      const res = await h.call('POST', guests(), { body: { guestName: 'Never', partySize: 2 } });
      expect([res.status, res.body.error?.code]).toEqual([500, 'internal']);
    } finally {
      await db.query(`drop trigger "refuse_event" on "guests"."outbox"`);
      await db.query(`drop function "guests"."refuse_event"()`);
    }
    expect(await counts()).toEqual(before);
    const res = await h.call('POST', guests(), { body: { guestName: 'After', partySize: 2 } });
    expect(res.status).toBe(201);
    expect(await counts()).toEqual({ guests: before.guests + 1, events: before.events + 1 });
  });

  it('gives concurrent joins distinct places 1..n, each event with its own view', async () => {
    const rid = h.restaurantId;
    await db.query(`delete from "guests"."guest" where "restaurant_id" = $1`, [rid]);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => h.call('POST', guests(), { body: { guestName: `Rush ${i}`, partySize: 2 } })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    const list = (await h.call('GET', `${guests()}?status=waiting&limit=50`)).body as { id: string; position: number }[];
    expect(list.map((g) => g.position)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const { rows } = await db.query(`select count(*)::int as n from "guests"."outbox" where "type" = $1 and "payload"->'data'->>'guestName' like 'Rush %'`, [GuestEvents.GUEST_CREATED]);
    expect(rows[0].n).toBe(12);
  });
});
