import { randomUUID } from 'node:crypto';
import { tableOf } from '../src/operations/sql';
import { ReservationsHarness } from './support/reservations-system';

// Bad input gets a clear 4xx with the error body, never a 500, and writes nothing.
let h: ReservationsHarness;
let restaurantId: string;
let token: string;
let tables: string[];
let existing: { id: string; version: number };

beforeAll(async () => {
  h = await ReservationsHarness.start({ now: '2026-06-08T08:00:00Z' });
  restaurantId = await h.restaurant('Europe/Berlin');
  token = h.token(restaurantId, 'manager');
  const a = await h.table(restaurantId, { number: '1', capacity: 2 });
  const b = await h.table(restaurantId, { number: '2', capacity: 4, combinableWith: [a] });
  const c = await h.table(restaurantId, { number: '3', capacity: 2 });
  tables = [a, b, c];
  const res = await h.call('POST', `/restaurants/${restaurantId}/reservations`, { token, body: { guestName: 'Existing', partySize: 2, startsAt: '2026-06-12T17:00:00Z' } });
  existing = res.body;
});
afterAll(() => h?.close());

async function counts() {
  const em = h.orm.em.fork();
  const [row] = await em.execute<{ reservations: string; rows: string; outbox: string; settings: string }[]>(
    `select (select count(*) from ${tableOf(em, 'reservation')}) as reservations, (select count(*) from ${tableOf(em, 'reservation_table')}) as rows,
            (select count(*) from ${tableOf(em, 'outbox')}) as outbox, (select count(*) from ${tableOf(em, 'booking_settings')}) as settings`,
  );
  return row;
}

const valid = { guestName: 'Ada', partySize: 2, startsAt: '2026-06-12T18:00:00Z' };

describe('bad input on POST /reservations', () => {
  it.each([
    ['a date in the past', { startsAt: '2026-06-01T18:00:00Z' }, 422, 'date_in_past'],
    ['a date beyond the booking horizon', { startsAt: '2027-06-01T18:00:00Z' }, 422, 'too_far_ahead'],
    ['a time when the restaurant is closed', { startsAt: '2026-06-12T14:00:00Z' }, 422, 'outside_service_hours'],
    ['a time off the 15-minute grid', { startsAt: '2026-06-12T18:10:00Z' }, 422, 'off_grid'],
    ['a party larger than the largest joinable set', { partySize: 7 }, 422, 'party_too_large'],
    ['a table that does not exist', { tableIds: [randomUUID()] }, 422, 'unknown_tables'],
    ['tables that cannot be joined', { partySize: 4, tableIds: [] as string[] }, 422, 'tables_not_combinable'],
    ['a table too small for the party', { partySize: 4, tableIds: ['t0'] }, 422, 'tables_too_small'],
    ['a local time the clocks skip', { startsAt: undefined, localStartsAt: '2026-03-29T02:30' }, 422, 'nonexistent_local_time'],
    ['a start without a zone', { startsAt: '2026-06-12T18:00:00' }, 400, 'validation_failed'],
    ['a start with an impossible offset', { startsAt: '2026-06-12T18:00:00+25:00' }, 400, 'validation_failed'],
    ['a date that does not exist', { startsAt: '2026-02-30T18:00:00Z' }, 400, 'validation_failed'],
    ['a malformed local time', { startsAt: undefined, localStartsAt: '2026-06-12 19:00' }, 400, 'validation_failed'],
    ['a local time of 24:30', { startsAt: undefined, localStartsAt: '2026-06-12T24:30' }, 400, 'validation_failed'],
    ['both startsAt and localStartsAt', { localStartsAt: '2026-06-12T20:00' }, 400, 'validation_failed'],
    ['neither startsAt nor localStartsAt', { startsAt: undefined }, 400, 'validation_failed'],
    ['an unknown field', { table: 5 }, 400, 'validation_failed'],
    ['a zero party', { partySize: 0 }, 400, 'validation_failed'],
    ['a fractional party', { partySize: 2.5 }, 400, 'validation_failed'],
    ['a party size as a string', { partySize: '2' }, 400, 'validation_failed'],
    ['a table id that is no uuid', { tableIds: ['12'] }, 400, 'validation_failed'],
    ['the same table twice', { tableIds: ['t0', 't0'] }, 400, 'validation_failed'],
    ['a name of 201 characters', { guestName: 'x'.repeat(201) }, 400, 'validation_failed'],
    ['an empty name', { guestName: '   ' }, 400, 'validation_failed'],
    ['a phone number with letters', { phone: 'call me maybe' }, 400, 'validation_failed'],
    ['an email that is none', { email: 'not-an-email' }, 400, 'validation_failed'],
    ['a duration of 5 minutes', { durationMinutes: 5 }, 400, 'validation_failed'],
    ['an unknown source', { source: 'fax' }, 400, 'validation_failed'],
    ['a status other than booked or confirmed', { status: 'seated' }, 400, 'validation_failed'],
    ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 400, 'validation_failed'],
  ])('refuses %s', async (_name, fields, status, code) => {
    const resolved = Object.fromEntries(
      Object.entries({ ...valid, ...fields }).map(([k, v]) => [k, k === 'tableIds' && Array.isArray(v) ? (v.length ? v.map((x: string) => (x === 't0' ? tables[0] : x)) : [tables[0], tables[2]]) : v]),
    );
    const before = await counts();
    const res = await h.call('POST', `/restaurants/${restaurantId}/reservations`, { token, body: resolved });
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(expect.objectContaining({ code, message: expect.any(String) }));
    expect(await counts()).toEqual(before);
  });

  it('refuses a body that is not JSON, and one that is not an object', async () => {
    const before = await counts();
    const raw = await fetch(`${h.url}/restaurants/${restaurantId}/reservations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"guestName":' });
    expect(raw.status).toBe(400);
    const list = await h.call('POST', `/restaurants/${restaurantId}/reservations`, { token, body: [valid] });
    expect(list.status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe('bad input elsewhere', () => {
  it.each([
    ['PUT with an unknown field', 'PUT', () => `/reservations/${existing.id}`, { colour: 'red', version: 1 }, 400, {}],
    ['PUT moving into the past', 'PUT', () => `/reservations/${existing.id}`, { startsAt: '2026-06-01T18:00:00Z', version: 1 }, 422, {}],
    ['PUT with a negative version', 'PUT', () => `/reservations/${existing.id}`, { notes: 'x', version: -1 }, 400, {}],
    ['PUT with a malformed If-Match', 'PUT', () => `/reservations/${existing.id}`, { notes: 'x' }, 400, { 'if-match': 'version one' }],
    ['PUT on an id that is no uuid', 'PUT', () => '/reservations/42', { notes: 'x', version: 1 }, 400, {}],
    ['PUT on an unknown reservation', 'PUT', () => `/reservations/${randomUUID()}`, { notes: 'x', version: 1 }, 404, {}],
    ['DELETE without a version', 'DELETE', () => `/reservations/${existing.id}`, undefined, 428, {}],
    ['DELETE with a version that is no number', 'DELETE', () => `/reservations/${existing.id}?version=one`, undefined, 400, {}],
    ['arrive at a stale version', 'POST', () => `/reservations/${existing.id}/arrive?version=7`, undefined, 409, {}],
    ['a list filter by an unknown status', 'GET', () => '/reservations?status=eaten', undefined, 400, {}],
    ['a list filter by a date that does not exist', 'GET', () => '/reservations?date=2026-02-30', undefined, 400, {}],
    ['a list page of 1000', 'GET', () => '/reservations?limit=1000', undefined, 400, {}],
    ['a list with an unknown parameter', 'GET', () => '/reservations?sort=name', undefined, 400, {}],
    ['availability without a party size', 'GET', () => '/availability?date=2026-06-12', undefined, 400, {}],
    ['availability for a malformed date', 'GET', () => '/availability?date=12.06.2026&partySize=2', undefined, 400, {}],
    ['availability for a past date', 'GET', () => '/availability?date=2026-06-01&partySize=2', undefined, 422, {}],
    ['availability for 0 guests', 'GET', () => '/availability?date=2026-06-12&partySize=0', undefined, 400, {}],
    ['availability beyond the largest joinable set', 'GET', () => '/availability?date=2026-06-12&partySize=9', undefined, 422, {}],
    ['settings with overlapping periods', 'PUT', () => '/booking-settings', 'overlap', 400, {}],
    ['settings with an unknown field', 'PUT', () => '/booking-settings', 'unknown', 400, {}],
    ['settings with a zone (auth owns it)', 'PUT', () => '/booking-settings', 'zone', 400, {}],
    ['settings without a version', 'PUT', () => '/booking-settings', 'noversion', 428, {}],
  ])('refuses %s', async (_name, method, suffix, body, status, headers: Record<string, string>) => {
    const before = await counts();
    let payload: unknown = body;
    if (typeof body === 'string') {
      const { restaurantId: _r, timeZone: _t, updatedAt: _u, ...current } = (await h.call('GET', `/restaurants/${restaurantId}/booking-settings`, { token })).body;
      const monday = [{ name: 'a', start: '12:00', lastSeating: '15:00' }, { name: 'b', start: '14:00', lastSeating: '20:00' }];
      payload = {
        overlap: { ...current, openingHours: { ...current.openingHours, monday } },
        unknown: { ...current, happyHour: true },
        zone: { ...current, timeZone: 'Mars/Olympus' },
        noversion: { ...current, version: undefined, holdMinutes: 45 },
      }[body];
    }
    const res = await h.call(method, `/restaurants/${restaurantId}${suffix()}`, { token, body: payload, headers });
    expect(res.status).toBe(status);
    expect(typeof res.body.error.code).toBe('string');
    expect(await counts()).toEqual(before);
  });
});
