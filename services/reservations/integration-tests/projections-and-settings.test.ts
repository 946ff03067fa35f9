import { randomUUID } from 'node:crypto';
import { FloorEvents, Topics } from '@qtable/contracts';
import { DEFAULT_BOOKING_RULES } from '../src/domain/booking-settings';
import { ReservationsHarness } from './support/reservations-system';

let h: ReservationsHarness;

beforeAll(async () => {
  h = await ReservationsHarness.start({ now: '2026-06-08T08:00:00Z' });
});
afterAll(() => h?.close());

const slotsFor = async (restaurantId: string, partySize = 2) => {
  const res = await h.call('GET', `/restaurants/${restaurantId}/availability?date=2026-06-12&partySize=${partySize}`, { token: h.token(restaurantId, 'viewer') });
  return res;
};

describe('projection of restaurants (auth)', () => {
  it('answers 503 until auth has announced the restaurant, then books in its zone and follows zone changes in version order', async () => {
    const id = randomUUID();
    const early = await h.call('GET', `/restaurants/${id}/reservations`, { token: h.token(id, 'host') });
    expect(early.status).toBe(503);
    expect(early.body.error.code).toBe('restaurant_not_synced');
    expect(early.headers.get('retry-after')).toBe('2');

    await h.restaurant('America/New_York', 1, id);
    await h.table(id, { number: '1', capacity: 2 });
    expect((await slotsFor(id)).body.slots[0].localStartsAt).toBe('2026-06-12T12:00:00-04:00');
    await h.restaurant('Asia/Tokyo', 3, id);
    await h.restaurant('Europe/Lisbon', 2, id); // late and older: ignored
    expect((await slotsFor(id)).body).toMatchObject({ timeZone: 'Asia/Tokyo' });
    expect((await slotsFor(id)).body.slots[0].localStartsAt).toBe('2026-06-12T12:00:00+09:00');
  });

  it('ignores a restaurant event whose zone is unknown or whose data names another restaurant', async () => {
    const id = randomUUID();
    await h.publish(Topics.AUTH, {
      id: randomUUID(), type: 'restaurant.created', restaurantId: id, aggregateId: id, aggregateVersion: 1, occurredAt: new Date().toISOString(), actor: null,
      data: { id, name: 'x', timeZone: 'Mars/Olympus' },
    });
    await h.publish(Topics.AUTH, {
      id: randomUUID(), type: 'restaurant.created', restaurantId: id, aggregateId: id, aggregateVersion: 1, occurredAt: new Date().toISOString(), actor: null,
      data: { id: randomUUID(), name: 'x', timeZone: 'UTC' },
    });
    expect((await h.call('GET', `/restaurants/${id}/booking-settings`, { token: h.token(id) })).status).toBe(503);
  });
});

describe('projection of tables (floor)', () => {
  it('applies each event once, ignores older versions, and keeps a deleted table deleted', async () => {
    const restaurantId = await h.restaurant('Europe/Berlin');
    const table = await h.table(restaurantId, { number: '1', capacity: 2 });
    const created = h.tableEvent(restaurantId, table, { number: '1', capacity: 2 }, 1, FloorEvents.TABLE_CREATED);
    const bigger = h.tableEvent(restaurantId, table, { number: '1', capacity: 6 }, 3, FloorEvents.TABLE_UPDATED);
    const staleSmaller = h.tableEvent(restaurantId, table, { number: '1', capacity: 4 }, 2, FloorEvents.TABLE_UPDATED);
    await h.publish(Topics.FLOOR, bigger);
    await h.publish(Topics.FLOOR, staleSmaller);
    await h.publish(Topics.FLOOR, created); // a redelivery of the first event
    expect((await slotsFor(restaurantId, 6)).status).toBe(200);
    expect((await slotsFor(restaurantId, 6)).body.slots[0].tables[0].capacity).toBe(6);

    await h.publish(Topics.FLOOR, h.tableEvent(restaurantId, table, { number: '1', capacity: 6 }, 4, FloorEvents.TABLE_DELETED));
    await h.publish(Topics.FLOOR, h.tableEvent(restaurantId, table, { number: '1', capacity: 6 }, 3, FloorEvents.TABLE_UPDATED));
    const gone = await slotsFor(restaurantId, 2);
    expect(gone.status).toBe(422); // no table at all: nobody can be seated
    expect(gone.body.error.code).toBe('party_too_large');
  });

  it("never lets one restaurant's event touch another restaurant's table", async () => {
    const mine = await h.restaurant('Europe/Berlin');
    const theirs = await h.restaurant('Europe/Berlin');
    const table = await h.table(mine, { number: '1', capacity: 2 });
    await h.publish(Topics.FLOOR, h.tableEvent(theirs, table, { number: '1', capacity: 2, outOfService: true }, 9, FloorEvents.TABLE_STATUS_CHANGED));
    expect((await slotsFor(mine)).body.slots.length).toBeGreaterThan(0);
    expect((await slotsFor(theirs)).status).toBe(422);
  });
});

describe('booking settings', () => {
  it('starts on the defaults at version 0, and changes at a known version (configure permission)', async () => {
    const restaurantId = await h.restaurant('Europe/Berlin');
    const manager = h.token(restaurantId, 'manager');
    const path = `/restaurants/${restaurantId}/booking-settings`;
    const initial = await h.call('GET', path, { token: h.token(restaurantId, 'viewer') });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ ...DEFAULT_BOOKING_RULES, restaurantId, timeZone: 'Europe/Berlin', version: 0, updatedAt: null });
    expect(initial.headers.get('etag')).toBe('"0"');

    const rules = { ...DEFAULT_BOOKING_RULES, turnTimes: [{ upToPartySize: 2, minutes: 75 }], noShowGraceMinutes: 20 };
    const host = await h.call('PUT', path, { token: h.token(restaurantId, 'host'), body: { ...rules, version: 0 } });
    expect(host.status).toBe(403);
    const racing = await Promise.all([1, 2, 3].map(() => h.call('PUT', path, { token: manager, body: { ...rules, version: 0 } })));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const stale = racing.find((r) => r.status === 409)!;
    expect(stale.body.error.details.current).toMatchObject({ version: 1 });
    const after = await h.call('GET', path, { token: manager });
    expect(after.body).toMatchObject({ turnTimes: [{ upToPartySize: 2, minutes: 75 }], noShowGraceMinutes: 20, version: 1 });
    const events = await h.eventsOf('booking_settings.updated', restaurantId);
    expect(events.map((e) => e.aggregateVersion)).toEqual([1]);

    // The turn time applies to new bookings.
    await h.table(restaurantId, { number: '1', capacity: 2 });
    const booked = await h.call('POST', `/restaurants/${restaurantId}/reservations`, { token: manager, body: { guestName: 'A', partySize: 2, localStartsAt: '2026-06-12T19:00' } });
    expect(booked.body).toMatchObject({ durationMinutes: 75 });
  });
});
