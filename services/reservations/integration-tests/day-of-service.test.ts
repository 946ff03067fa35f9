import { randomUUID } from 'node:crypto';
import { GuestEvents, ReservationEvents } from '@qtable/contracts';
import type { EventEnvelope } from '@qtable/events';
import { createLogger } from '@qtable/observability';
import { waitFor } from '@qtable/testing';
import { DEFAULT_BOOKING_RULES } from '../src/domain/booking-settings';
import { ReservationSweeper } from '../src/sweeper/reservation-sweeper';
import { ReservationsHarness } from './support/reservations-system';

// Holds, no-shows, arrival and seating with a hand-set clock. Friday 12 June 2026, Berlin
// (UTC+2); bookings at 19:00 local = 17:00Z; hold 30 minutes before, grace 15 after.
let h: ReservationsHarness;

beforeAll(async () => {
  h = await ReservationsHarness.start({ now: '2026-06-12T12:00:00Z' });
});
afterAll(() => h?.close());

async function room(tables = 2) {
  const restaurantId = await h.restaurant('Europe/Berlin');
  const token = h.token(restaurantId, 'host');
  const ids: string[] = [];
  for (let i = 1; i <= tables; i++) ids.push(await h.table(restaurantId, { number: String(i), capacity: 2 }));
  const base = `/restaurants/${restaurantId}/reservations`;
  return {
    restaurantId,
    token,
    tables: ids,
    book: async (body: Record<string, unknown> = {}) => {
      const res = await h.call('POST', base, { token, body: { guestName: 'Guest', partySize: 2, startsAt: '2026-06-12T17:00:00Z', ...body } });
      expect(res.status).toBe(201);
      return res.body;
    },
    get: async (id: string) => (await h.call('GET', `${base}/${id}`, { token })).body,
    call: (method: string, path: string, body?: unknown) => h.call(method, `${base}${path}`, { token, body }),
  };
}

/** Waits (bounded) until the sweeper and relay have delivered an event of `type` about `id`. */
const eventually = (type: string, id: string, count = 1) =>
  waitFor(async () => {
    const found = await h.eventsOf(type, id);
    return found.length >= count ? found : undefined;
  }, `${count} × ${type} for ${id}`, 5000) as Promise<EventEnvelope[]>;

describe('holds and no-shows', () => {
  it('holds the tables when the hold window opens, and turns a party that never came into a no-show that frees them', async () => {
    h.clock.set('2026-06-12T12:00:00Z');
    const r = await room(1);
    const booking = await r.book();
    await new Promise((resolve) => setTimeout(resolve, 150)); // several sweeps: nothing is due yet
    expect(await h.eventsOf(ReservationEvents.TABLES_HELD, booking.id)).toEqual([]);

    h.clock.set('2026-06-12T16:30:00Z');
    const [held] = await eventually(ReservationEvents.TABLES_HELD, booking.id);
    expect(held).toMatchObject({
      restaurantId: r.restaurantId,
      aggregateVersion: 1,
      actor: { type: 'system', id: 'reservations.sweeper' },
      data: { reservationId: booking.id, tableIds: r.tables, startsAt: '2026-06-12T17:00:00.000Z', holdUntil: '2026-06-12T18:30:00.000Z' },
    });

    h.clock.set('2026-06-12T17:14:00Z');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await r.get(booking.id)).status).toBe('booked'); // still within the grace period

    h.clock.set('2026-06-12T17:15:00Z');
    const [noShow] = await eventually(ReservationEvents.RESERVATION_NO_SHOW, booking.id);
    expect(noShow.data).toMatchObject({ id: booking.id, status: 'no_show', version: 2 });
    const [released] = await eventually(ReservationEvents.TABLES_RELEASED, booking.id);
    expect(released).toMatchObject({ aggregateVersion: 2, data: { reservationId: booking.id, tableIds: r.tables } });
    // Exactly once each, however many sweeps ran.
    expect(await h.eventsOf(ReservationEvents.TABLES_HELD, booking.id)).toHaveLength(1);
    expect(await h.eventsOf(ReservationEvents.RESERVATION_NO_SHOW, booking.id)).toHaveLength(1);
    // The table is free again for the rest of that evening.
    await r.book({ startsAt: '2026-06-12T17:30:00Z', tableIds: r.tables });
  });

  it('holds at once a booking made inside its hold window, and releases the hold when it is cancelled', async () => {
    h.clock.set('2026-06-12T16:50:00Z');
    const r = await room(1);
    const booking = await r.book();
    const [held] = await h.eventsOf(ReservationEvents.TABLES_HELD, booking.id);
    expect(held.actor).toMatchObject({ type: 'user' });
    const cancelled = await r.call('DELETE', `/${booking.id}?version=1`);
    expect(cancelled.status).toBe(200);
    expect(await h.eventsOf(ReservationEvents.TABLES_RELEASED, booking.id)).toHaveLength(1);
  });

  it('moves the hold with the booking: released from the old tables, held on the new', async () => {
    h.clock.set('2026-06-12T16:40:00Z');
    const r = await room(2);
    const booking = await r.book({ tableIds: [r.tables[0]] });
    const moved = await r.call('PUT', `/${booking.id}`, { tableIds: [r.tables[1]], version: 1 });
    expect(moved.status).toBe(200);
    const holds = (await h.flush(), h.events.map((e) => e.envelope).filter((e) => e.aggregateId === booking.id && e.type.startsWith('reservation.tables_')));
    expect(holds.map((e) => [e.type, e.aggregateVersion, e.data.tableIds])).toEqual([
      [ReservationEvents.TABLES_HELD, 1, [r.tables[0]]],
      [ReservationEvents.TABLES_RELEASED, 2, [r.tables[0]]],
      [ReservationEvents.TABLES_HELD, 3, [r.tables[1]]],
    ]);
  });

  it('re-plans holds when the hold minutes change', async () => {
    h.clock.set('2026-06-12T16:00:00Z');
    const r = await room(1);
    const booking = await r.book(); // 60 minutes away, hold 30: not yet
    const settings = (await h.call('GET', `/restaurants/${r.restaurantId}/booking-settings`, { token: r.token })).body;
    const manager = h.token(r.restaurantId, 'manager');
    const put = await h.call('PUT', `/restaurants/${r.restaurantId}/booking-settings`, { token: manager, body: { ...DEFAULT_BOOKING_RULES, holdMinutes: 90, version: settings.version } });
    expect(put.status).toBe(200);
    await eventually(ReservationEvents.TABLES_HELD, booking.id);
  });

  it('shares the sweeping between replicas without handling a booking twice', async () => {
    h.clock.set('2026-06-12T12:00:00Z');
    const r = await room(20);
    const bookings = [];
    for (let i = 0; i < 20; i++) bookings.push(await r.book());
    h.clock.set('2026-06-12T17:20:00Z');
    const logger = createLogger({ service: 'test', level: 'silent' });
    const replicas = [1, 2, 3].map(() => new ReservationSweeper({ orm: h.orm, clock: h.clock, logger, outboxCommitted: () => undefined, batchSize: 3 }));
    // Three extra replicas race the service's own sweeper (ticking every 40 ms) over the same rows.
    await Promise.all(replicas.flatMap((s) => [s.sweepOnce(), s.sweepOnce()]));
    for (const b of bookings) await eventually(ReservationEvents.RESERVATION_NO_SHOW, b.id);
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (const b of bookings) {
      expect(await h.eventsOf(ReservationEvents.RESERVATION_NO_SHOW, b.id)).toHaveLength(1);
      // Held when its window opened (by whichever replica came first), released with the no-show.
      expect((await h.eventsOf(ReservationEvents.TABLES_HELD, b.id)).length).toBeLessThanOrEqual(1);
    }
  });
});

describe('arrival and seating through the guests service', () => {
  it('follows the party: arrived, seated (the hold ends, floor shows the party), completed (the tables are free again)', async () => {
    h.clock.set('2026-06-12T16:45:00Z');
    const r = await room(2);
    const booking = await r.book({ tableIds: [r.tables[0]] });
    const arrived = await h.call('POST', `/restaurants/${r.restaurantId}/reservations/${booking.id}/arrive`, { token: r.token, headers: { 'if-match': '"1"' } });
    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({ status: 'arrived', version: 2 });

    // Past the grace period an arrived party is not a no-show.
    h.clock.set('2026-06-12T17:20:00Z');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await r.get(booking.id)).status).toBe('arrived');

    // The host seats the party through guests; guests announces it.
    const guestId = randomUUID();
    await h.guestEvent(r.restaurantId, GuestEvents.GUEST_CREATED, { id: guestId, status: 'waiting', reservationId: booking.id, version: 1 });
    await h.guestEvent(r.restaurantId, GuestEvents.GUEST_STATUS_CHANGED, { id: guestId, status: 'seated', reservationId: booking.id, tableIds: [r.tables[0]], version: 2 });
    const [seated] = await eventually(ReservationEvents.RESERVATION_SEATED, booking.id);
    expect(seated.data).toMatchObject({ status: 'seated', guestId, tableIds: [r.tables[0]], version: 3 });
    expect(seated.actor).toEqual({ type: 'user', id: 'host-1' });
    expect(await h.eventsOf(ReservationEvents.TABLES_RELEASED, booking.id)).toHaveLength(1);
    // A redelivered or repeated event changes nothing.
    await h.guestEvent(r.restaurantId, GuestEvents.GUEST_UPDATED, { id: guestId, status: 'seated', reservationId: booking.id, tableIds: [r.tables[0]], notes: 'allergy', version: 3 });
    expect((await r.get(booking.id)).version).toBe(3);

    // Seated until 18:30 by the booking: table 1 cannot be booked at 18:00 …
    const clash = await h.call('POST', `/restaurants/${r.restaurantId}/reservations`, { token: r.token, body: { guestName: 'Next', partySize: 2, startsAt: '2026-06-12T18:00:00Z', tableIds: [r.tables[0]] } });
    expect(clash.status).toBe(409);
    // … until the party leaves early.
    h.clock.set('2026-06-12T17:50:00Z');
    await h.guestEvent(r.restaurantId, GuestEvents.GUEST_STATUS_CHANGED, { id: guestId, status: 'completed', reservationId: booking.id, tableIds: [r.tables[0]], version: 4 });
    await waitFor(async () => (await r.get(booking.id)).status === 'completed', 'completed');
    const after = await r.get(booking.id);
    expect(after.completedAt).not.toBeNull();
    expect(after.version).toBe(4);
    const next = await h.call('POST', `/restaurants/${r.restaurantId}/reservations`, { token: r.token, body: { guestName: 'Next', partySize: 2, startsAt: '2026-06-12T18:00:00Z', tableIds: [r.tables[0]] } });
    expect(next.status).toBe(201);
  });

  it('checks in a booked party when guests adds it with the reservation id, and frees reserved tables it did not sit at', async () => {
    h.clock.set('2026-06-12T16:55:00Z');
    const r = await room(3);
    const booking = await r.book({ partySize: 2, tableIds: [r.tables[0]] });
    const guestId = randomUUID();
    await h.guestEvent(r.restaurantId, GuestEvents.GUEST_CREATED, { id: guestId, status: 'waiting', reservationId: booking.id, version: 1 });
    await waitFor(async () => (await r.get(booking.id)).status === 'arrived', 'arrived');
    // Seated at table 2 instead: table 1 is free for a booking now.
    await h.guestEvent(r.restaurantId, GuestEvents.GUEST_STATUS_CHANGED, { id: guestId, status: 'seated', reservationId: booking.id, tableIds: [r.tables[1]], version: 2 });
    await waitFor(async () => (await r.get(booking.id)).status === 'seated', 'seated');
    expect((await r.get(booking.id)).tableIds).toEqual([r.tables[1]]);
    const onOne = await h.call('POST', `/restaurants/${r.restaurantId}/reservations`, { token: r.token, body: { guestName: 'Walk', partySize: 2, startsAt: '2026-06-12T17:15:00Z', tableIds: [r.tables[0]] } });
    expect(onOne.status).toBe(201);
  });

  it("ignores a party of another restaurant naming this restaurant's reservation", async () => {
    h.clock.set('2026-06-12T16:55:00Z');
    const r = await room(1);
    const booking = await r.book();
    const other = await h.restaurant('Europe/Berlin');
    await h.guestEvent(other, GuestEvents.GUEST_STATUS_CHANGED, { id: randomUUID(), status: 'seated', reservationId: booking.id, tableIds: [randomUUID()], version: 2 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await r.get(booking.id)).status).toBe('booked');
  });

  it('lets a late no-show party check in again while its table is still free', async () => {
    h.clock.set('2026-06-12T12:00:00Z');
    const r = await room(1);
    const booking = await r.book();
    h.clock.set('2026-06-12T17:16:00Z');
    await eventually(ReservationEvents.RESERVATION_NO_SHOW, booking.id);
    const current = await r.get(booking.id);
    const late = await h.call('POST', `/restaurants/${r.restaurantId}/reservations/${booking.id}/arrive?version=${current.version}`, { token: r.token });
    expect(late.status).toBe(200);
    expect(late.body.status).toBe('arrived');
    // Its table is booked again: an overlapping booking is refused.
    const clash = await h.call('POST', `/restaurants/${r.restaurantId}/reservations`, { token: r.token, body: { guestName: 'x', partySize: 2, startsAt: '2026-06-12T17:30:00Z' } });
    expect(clash.status).toBe(409);
  });
});
