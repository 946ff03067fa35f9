import { randomUUID } from 'node:crypto';
import { AuthEvents, Topics } from '@qtable/contracts';
import { newEvent } from '@qtable/events';
import type { Client } from 'pg';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

// The dashboard's "today" is the restaurant's local calendar day, learned from auth's
// restaurant.* events. The clock is injected: every party is created and seated at a
// chosen instant through the real API, on the real PostgreSQL.
let clock = new Date();
let h: GuestsHarness;
let db: Client;
beforeAll(async () => {
  h = await startGuestsHarness({ now: () => clock });
  db = h.db;
});
afterAll(async () => {
  await h?.close();
});

/** Publishes restaurant.created/updated on the bus as auth would (data = auth's RestaurantView). */
async function publishRestaurant(restaurantId: string, timeZone: string, options: { version?: number; type?: string } = {}) {
  const version = options.version ?? 1;
  const now = new Date().toISOString();
  const data = { id: restaurantId, organizationId: randomUUID(), name: 'Bistro', timeZone, settings: {}, version, createdAt: now, updatedAt: now };
  const envelope = newEvent({ type: options.type ?? AuthEvents.RESTAURANT_CREATED, restaurantId, aggregateId: restaurantId, aggregateVersion: version, actor: null, data });
  await h.system.bus.publish([{ topic: Topics.AUTH, key: restaurantId, envelope, headers: {} }]);
  return envelope;
}

/** A restaurant of its own (so counts do not mix), with a host token. */
const newRestaurant = () => {
  const restaurantId = randomUUID();
  return { restaurantId, token: h.system.token({ memberships: { [restaurantId]: 'host' } }) };
};

/** A party that joined the waitlist at `joinedAt` and sat down at `seatedAt`. */
async function seatParty(r: { restaurantId: string; token: string }, partySize: number, joinedAt: string, seatedAt: string) {
  const table = await h.publishTable({ capacity: 8 }, { restaurantId: r.restaurantId });
  clock = new Date(joinedAt);
  const party = await h.call('POST', `/restaurants/${r.restaurantId}/guests`, { token: r.token, body: { guestName: 'Party', partySize } });
  expect(party.status).toBe(201);
  clock = new Date(seatedAt);
  const seated = await h.call('PUT', `/restaurants/${r.restaurantId}/guests/${party.body.id}`, { token: r.token, body: { status: 'seated', tableId: table.id, version: 1 } });
  expect(seated.status).toBe(200);
}

async function countsAt(r: { restaurantId: string; token: string }, at: string) {
  clock = new Date(at);
  const res = await h.call('GET', `/api/v1/dashboard/${r.restaurantId}`, { token: r.token });
  expect(res.status).toBe(200);
  return res.body.counts;
}

const zoneRow = async (restaurantId: string) => (await db.query(`select * from "guests"."restaurant_zone" where "restaurant_id" = $1`, [restaurantId])).rows[0];

describe("dashboard's today is the restaurant's local day", () => {
  it('counts 00:30 local today and not 23:30 local yesterday once the zone is known; UTC until then', async () => {
    const r = newRestaurant();
    // New York, January (UTC−5). Yesterday 23:30 local = 04:30Z, today 00:30 local = 05:30Z: the same UTC day.
    await seatParty(r, 2, '2026-01-15T04:10:00Z', '2026-01-15T04:30:00Z'); // waited 20 minutes, 14 Jan local
    await seatParty(r, 4, '2026-01-15T05:20:00Z', '2026-01-15T05:30:00Z'); // waited 10 minutes, 15 Jan local
    const at = '2026-01-15T23:00:00Z'; // 18:00 local on the 15th, dinner service

    expect(await countsAt(r, at)).toMatchObject({
      partiesSeatedToday: 2,
      coversSeatedToday: 6,
      averageWaitMinutesToday: 15,
      dayStartsAt: '2026-01-15T00:00:00.000Z',
      dayEndsAt: '2026-01-16T00:00:00.000Z',
      dayBasis: 'UTC',
    });

    await publishRestaurant(r.restaurantId, 'America/New_York');
    expect(await countsAt(r, at)).toMatchObject({
      partiesSeatedToday: 1,
      coversSeatedToday: 4,
      averageWaitMinutesToday: 10,
      dayStartsAt: '2026-01-15T05:00:00.000Z',
      dayEndsAt: '2026-01-16T05:00:00.000Z',
      dayBasis: 'America/New_York',
    });
    // At 20:00 local the UTC day has rolled over; the local day has not.
    expect(await countsAt(r, '2026-01-16T01:00:00Z')).toMatchObject({ partiesSeatedToday: 1, dayStartsAt: '2026-01-15T05:00:00.000Z' });
    // The next local midnight starts a new day.
    expect(await countsAt(r, '2026-01-16T05:00:00Z')).toMatchObject({ partiesSeatedToday: 0, averageWaitMinutesToday: null, dayStartsAt: '2026-01-16T05:00:00.000Z' });
    // Yesterday, seen from yesterday evening: the 23:30 party.
    expect(await countsAt(r, '2026-01-15T04:45:00Z')).toMatchObject({ partiesSeatedToday: 1, coversSeatedToday: 2, averageWaitMinutesToday: 20, dayStartsAt: '2026-01-14T05:00:00.000Z' });
  });

  it('spans 25 hours on the day clocks go back and 23 on the day they go forward', async () => {
    const fall = newRestaurant();
    await publishRestaurant(fall.restaurantId, 'America/New_York');
    // 1 Nov 2026: EDT (−4) until 02:00, then EST (−5). Local midnight = 04:00Z, next = 05:00Z on the 2nd.
    await seatParty(fall, 2, '2026-11-01T03:40:00Z', '2026-11-01T03:50:00Z'); // 23:50 on 31 Oct: yesterday
    await seatParty(fall, 2, '2026-11-01T04:20:00Z', '2026-11-01T04:30:00Z'); // 00:30 EDT
    await seatParty(fall, 2, '2026-11-01T05:20:00Z', '2026-11-01T05:30:00Z'); // 01:30 EDT
    await seatParty(fall, 2, '2026-11-01T06:20:00Z', '2026-11-01T06:30:00Z'); // 01:30 EST, the repeated hour
    // 23:30 EST: exactly 24 hours after the 00:30 party, still the same local day.
    expect(await countsAt(fall, '2026-11-02T04:30:00Z')).toMatchObject({
      partiesSeatedToday: 3,
      dayStartsAt: '2026-11-01T04:00:00.000Z',
      dayEndsAt: '2026-11-02T05:00:00.000Z',
      dayBasis: 'America/New_York',
    });

    const spring = newRestaurant();
    await publishRestaurant(spring.restaurantId, 'America/New_York');
    // 8 Mar 2026: EST (−5) until 02:00, then EDT (−4). Local midnight = 05:00Z, next = 04:00Z on the 9th.
    await seatParty(spring, 2, '2026-03-08T04:20:00Z', '2026-03-08T04:30:00Z'); // 23:30 on 7 Mar: yesterday, yet within 24 h of 23:30 today
    await seatParty(spring, 2, '2026-03-08T05:20:00Z', '2026-03-08T05:30:00Z'); // 00:30 EST
    await seatParty(spring, 2, '2026-03-09T03:20:00Z', '2026-03-09T03:30:00Z'); // 23:30 EDT
    expect(await countsAt(spring, '2026-03-09T03:45:00Z')).toMatchObject({
      partiesSeatedToday: 2,
      dayStartsAt: '2026-03-08T05:00:00.000Z',
      dayEndsAt: '2026-03-09T04:00:00.000Z',
    });
  });

  it('projects zones idempotently: newer version wins, redelivery is handled once, a bad zone is skipped', async () => {
    const { restaurantId } = newRestaurant();
    const first = await publishRestaurant(restaurantId, 'America/New_York');
    await h.system.bus.publish([{ topic: Topics.AUTH, key: restaurantId, envelope: first, headers: {} }]);
    const processed = await db.query(`select count(*)::int as n from "guests"."processed_event" where "consumer_id" = 'guests.restaurants' and "event_id" = $1`, [first.id]);
    expect(processed.rows[0].n).toBe(1);

    await publishRestaurant(restaurantId, 'Europe/Berlin', { type: AuthEvents.RESTAURANT_UPDATED, version: 3 });
    // Version 2 arrives after 3 (a replay): it must not overwrite.
    await publishRestaurant(restaurantId, 'Asia/Tokyo', { type: AuthEvents.RESTAURANT_UPDATED, version: 2 });
    expect(await zoneRow(restaurantId)).toMatchObject({ time_zone: 'Europe/Berlin', aggregate_version: 3 });

    // An unknown zone, or data of another restaurant than the key: skipped, the stream goes on.
    await publishRestaurant(restaurantId, 'Mars/Olympus_Mons', { type: AuthEvents.RESTAURANT_UPDATED, version: 4 });
    const other = randomUUID();
    const foreign = newEvent({ type: AuthEvents.RESTAURANT_UPDATED, restaurantId, aggregateId: restaurantId, aggregateVersion: 5, actor: null, data: { id: other, timeZone: 'Asia/Tokyo' } });
    await h.system.bus.publish([{ topic: Topics.AUTH, key: restaurantId, envelope: foreign, headers: {} }]);
    expect(await zoneRow(restaurantId)).toMatchObject({ time_zone: 'Europe/Berlin', aggregate_version: 3 });
    expect(await zoneRow(other)).toBeUndefined();
    await publishRestaurant(restaurantId, 'America/Chicago', { type: AuthEvents.RESTAURANT_UPDATED, version: 6 });
    expect(await zoneRow(restaurantId)).toMatchObject({ time_zone: 'America/Chicago', aggregate_version: 6 });
  });
});
