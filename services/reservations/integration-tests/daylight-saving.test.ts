import { DEFAULT_BOOKING_RULES } from '../src/domain/booking-settings';
import { ReservationsHarness } from './support/reservations-system';

// Times are stored in UTC and shown in the restaurant's zone. A late service on Saturday
// night runs across the clock change of the early Sunday morning, both ways.
let h: ReservationsHarness;

beforeAll(async () => {
  h = await ReservationsHarness.start({ now: '2026-03-01T12:00:00Z' });
});
afterAll(() => h?.close());

async function lateNightRoom(timeZone: string, lastSeating: string) {
  const restaurantId = await h.restaurant(timeZone);
  const token = h.token(restaurantId, 'owner');
  const table = await h.table(restaurantId, { number: '1', capacity: 2 });
  const rules = {
    ...DEFAULT_BOOKING_RULES,
    openingHours: { ...DEFAULT_BOOKING_RULES.openingHours, saturday: [{ name: 'late', start: '22:00', lastSeating }] },
    version: 0,
  };
  expect((await h.call('PUT', `/restaurants/${restaurantId}/booking-settings`, { token, body: rules })).status).toBe(200);
  return {
    restaurantId,
    table,
    slots: async (date: string, query = '') => {
      const res = await h.call('GET', `/restaurants/${restaurantId}/availability?date=${date}&partySize=2${query}`, { token });
      expect(res.status).toBe(200);
      return res.body.slots as { startsAt: string; localStartsAt: string }[];
    },
    book: (body: Record<string, unknown>) => h.call('POST', `/restaurants/${restaurantId}/reservations`, { token, body: { guestName: 'Night owl', partySize: 2, ...body } }),
    list: (date: string) => h.call('GET', `/restaurants/${restaurantId}/reservations?date=${date}`, { token }),
  };
}

describe('Europe/Berlin, last Sunday of March: 02:00 becomes 03:00', () => {
  beforeAll(() => h.clock.set('2026-03-01T12:00:00Z'));

  it('offers no start in the hour that does not exist, and the period is an hour shorter', async () => {
    const room = await lateNightRoom('Europe/Berlin', '03:30');
    const local = (await room.slots('2026-03-28')).map((s) => s.localStartsAt);
    expect(local).toContain('2026-03-29T01:45:00+01:00');
    expect(local.filter((l) => l.includes('T02:'))).toEqual([]);
    expect(local[local.indexOf('2026-03-29T01:45:00+01:00') + 1]).toBe('2026-03-29T03:00:00+02:00');
    expect(local).toHaveLength(23 - 4); // 22:00..03:30 on the clock is 23 starts, minus the skipped hour
  });

  it('refuses 02:30 local with the next time that exists', async () => {
    const room = await lateNightRoom('Europe/Berlin', '03:30');
    const res = await room.book({ localStartsAt: '2026-03-29T02:30' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'nonexistent_local_time',
      details: { timeZone: 'Europe/Berlin', nextValid: { startsAt: '2026-03-29T01:00:00.000Z', localStartsAt: '2026-03-29T03:00:00+02:00' } },
    });
  });

  it('counts a turn in real time across the change: 01:30 for 90 minutes ends at 04:00 summer time', async () => {
    const room = await lateNightRoom('Europe/Berlin', '03:30');
    const res = await room.book({ localStartsAt: '2026-03-29T01:30', durationMinutes: 90 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ startsAt: '2026-03-29T00:30:00.000Z', endsAt: '2026-03-29T02:00:00.000Z', localStartsAt: '2026-03-29T01:30:00+01:00', serviceDate: '2026-03-28' });
    // 03:00 summer time is only 30 minutes later in real time: the table is still taken.
    const clash = await room.book({ localStartsAt: '2026-03-29T03:00', tableIds: [room.table] });
    expect(clash.status).toBe(409);
    expect((await room.list('2026-03-28')).body).toHaveLength(1);
  });
});

describe('Europe/Berlin, last Sunday of October: 03:00 becomes 02:00 again', () => {
  beforeAll(() => h.clock.set('2026-10-01T12:00:00Z'));

  it('offers the repeated hour twice, each with its own offset and UTC instant', async () => {
    const room = await lateNightRoom('Europe/Berlin', '03:30');
    const slots = await room.slots('2026-10-24');
    const twoThirty = slots.filter((s) => s.localStartsAt.startsWith('2026-10-25T02:30'));
    expect(twoThirty).toEqual([
      expect.objectContaining({ startsAt: '2026-10-25T00:30:00.000Z', localStartsAt: '2026-10-25T02:30:00+02:00' }),
      expect.objectContaining({ startsAt: '2026-10-25T01:30:00.000Z', localStartsAt: '2026-10-25T02:30:00+01:00' }),
    ]);
    expect(slots).toHaveLength(23 + 4); // plus the repeated hour
  });

  it('asks which 02:30 is meant, and books both, back to back, on one table', async () => {
    const room = await lateNightRoom('Europe/Berlin', '03:30');
    const ambiguous = await room.book({ localStartsAt: '2026-10-25T02:30' });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.error.code).toBe('ambiguous_local_time');
    expect(ambiguous.body.error.details.candidates.map((c: { localStartsAt: string }) => c.localStartsAt)).toEqual(['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00']);

    const first = await room.book({ startsAt: '2026-10-25T02:30:00+02:00', durationMinutes: 60 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ startsAt: '2026-10-25T00:30:00.000Z', localStartsAt: '2026-10-25T02:30:00+02:00' });
    // The second 02:30 starts exactly when the first ends (an hour of real time later).
    const second = await room.book({ startsAt: '2026-10-25T02:30:00+01:00', durationMinutes: 60 });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ startsAt: '2026-10-25T01:30:00.000Z', localStartsAt: '2026-10-25T02:30:00+01:00', tableIds: [room.table] });
    // 02:00 winter time is inside the first booking in real time.
    const clash = await room.book({ startsAt: '2026-10-25T02:00:00+01:00', durationMinutes: 30 });
    expect(clash.status).toBe(409);
    const listed = (await room.list('2026-10-24')).body.map((r: { localStartsAt: string }) => r.localStartsAt);
    expect(listed).toEqual(['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00']);
  });
});

describe('America/New_York', () => {
  it('ends a late service whose last seating falls in the skipped hour before the gap (second Sunday of March)', async () => {
    h.clock.set('2026-03-01T12:00:00Z');
    const room = await lateNightRoom('America/New_York', '02:30');
    const local = (await room.slots('2026-03-07')).map((s) => s.localStartsAt);
    expect(local.at(-1)).toBe('2026-03-08T01:45:00-05:00');
    const res = await room.book({ localStartsAt: '2026-03-08T02:15' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('nonexistent_local_time');
    expect(res.body.error.details.nextValid.localStartsAt).toBe('2026-03-08T03:00:00-04:00');
  });

  it('seats both passes of 01:30 on the first Sunday of November', async () => {
    h.clock.set('2026-10-01T12:00:00Z');
    const room = await lateNightRoom('America/New_York', '01:30');
    const local = (await room.slots('2026-10-31', '&durationMinutes=30')).map((s) => s.localStartsAt);
    expect(local.slice(-6)).toEqual([
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:15:00-04:00',
      '2026-11-01T01:30:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T01:15:00-05:00',
      '2026-11-01T01:30:00-05:00',
    ]);
    const edt = await room.book({ startsAt: '2026-11-01T01:30:00-04:00', durationMinutes: 30 });
    const est = await room.book({ startsAt: '2026-11-01T01:30:00-05:00', durationMinutes: 30 });
    expect([edt.status, est.status]).toEqual([201, 201]);
    expect(est.body.startsAt).toBe('2026-11-01T06:30:00.000Z');
    // 01:45 EDT is past the last seating on the clock, though it comes before 01:30 EST.
    const late = await room.book({ startsAt: '2026-11-01T01:45:00-04:00', durationMinutes: 30 });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('outside_service_hours');
  });
});
