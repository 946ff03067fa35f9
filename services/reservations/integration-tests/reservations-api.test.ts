import { randomUUID } from 'node:crypto';
import { ReservationEvents, ReservationView } from '@qtable/contracts';
import { json } from '@qtable/testing';
import { ReservationsHarness } from './support/reservations-system';

// Friday 12 June 2026 in Berlin (UTC+2); the clock stands on the Monday before.
let h: ReservationsHarness;
let restaurantId: string;
let token: string;
const tables: Record<string, string> = {};
const path = () => `/restaurants/${restaurantId}/reservations`;
const book = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  h.call('POST', path(), { token, body: { guestName: 'Ada Lovelace', partySize: 2, startsAt: '2026-06-12T17:00:00Z', ...body }, headers });

beforeAll(async () => {
  h = await ReservationsHarness.start({ now: '2026-06-08T08:00:00Z' });
  restaurantId = await h.restaurant('Europe/Berlin');
  token = h.token(restaurantId, 'host');
  tables.t1 = await h.table(restaurantId, { number: '1', capacity: 2 });
  tables.t2 = await h.table(restaurantId, { number: '2', capacity: 4 });
});
afterAll(() => h?.close());

describe('reservations API', () => {
  let created: ReservationView;

  it('books the smallest fitting table, with the start in UTC and in local time, and records reservation.created', async () => {
    const res = await book({ phone: '+49 30 1234567', email: 'ada@example.com', notes: 'window', tags: ['vip'], source: 'web' });
    expect(res.status).toBe(201);
    created = ReservationView.parse(res.body);
    expect(created).toMatchObject({
      restaurantId,
      guestName: 'Ada Lovelace',
      partySize: 2,
      startsAt: '2026-06-12T17:00:00.000Z',
      endsAt: '2026-06-12T18:30:00.000Z',
      durationMinutes: 90,
      timeZone: 'Europe/Berlin',
      localStartsAt: '2026-06-12T19:00:00+02:00',
      serviceDate: '2026-06-12',
      tableIds: [tables.t1],
      status: 'booked',
      source: 'web',
      tags: ['vip'],
      version: 1,
    });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`${path()}/${created.id}`);
    const [event] = await h.eventsOf(ReservationEvents.RESERVATION_CREATED, created.id);
    expect(event).toMatchObject({ restaurantId, aggregateVersion: 1, data: created, actor: { type: 'user' } });
  });

  it('reads it back, and lists by service day, status and name with pagination', async () => {
    const one = await h.call('GET', `${path()}/${created.id}`, { token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(created);
    await book({ guestName: 'Grace Hopper', localStartsAt: '2026-06-12T20:00', startsAt: undefined });
    await book({ guestName: 'Alan Turing', startsAt: '2026-06-13T17:00:00Z' });

    const day = await h.call('GET', `${path()}?date=2026-06-12`, { token });
    expect(day.body.map((r: ReservationView) => r.guestName)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(day.headers.get('x-total-count')).toBe('2');
    expect(day.headers.get('x-next-offset')).toBeNull();
    const byName = await h.call('GET', `${path()}?name=TURING`, { token });
    expect(byName.body.map((r: ReservationView) => r.guestName)).toEqual(['Alan Turing']);
    const page = await h.call('GET', `${path()}?limit=1&offset=1`, { token });
    expect(page.body.map((r: ReservationView) => r.guestName)).toEqual(['Grace Hopper']);
    expect(page.headers.get('x-total-count')).toBe('3');
    expect(page.headers.get('x-next-offset')).toBe('2');
    const byStatus = await h.call('GET', `${path()}?status=cancelled,no_show`, { token });
    expect(byStatus.body).toEqual([]);
  });

  it('updates at a known version, answers a stale one with 409 and the current state, and requires a version', async () => {
    const moved = await h.call('PUT', `${path()}/${created.id}`, { token, body: { startsAt: '2026-06-12T19:30:00Z', partySize: 3, notes: 'moved', version: 1 } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ localStartsAt: '2026-06-12T21:30:00+02:00', partySize: 3, durationMinutes: 120, tableIds: [tables.t2], notes: 'moved', version: 2 });
    const stale = await h.call('PUT', `${path()}/${created.id}`, { token, body: { notes: 'lost update?', version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(stale.body.error.details.current).toMatchObject({ notes: 'moved', version: 2 });
    const missing = await h.call('PUT', `${path()}/${created.id}`, { token, body: { notes: 'no version' } });
    expect(missing.status).toBe(428);
    const viaIfMatch = await h.call('PUT', `${path()}/${created.id}`, { token, body: { status: 'confirmed' }, headers: { 'if-match': '"2"' } });
    expect(viaIfMatch.body).toMatchObject({ status: 'confirmed', version: 3 });
    const unchanged = await h.call('PUT', `${path()}/${created.id}`, { token, body: { notes: 'moved', version: 3 } });
    expect(unchanged.body.version).toBe(3);
    const updates = await h.eventsOf(ReservationEvents.RESERVATION_UPDATED, created.id);
    expect(updates.map((e) => e.aggregateVersion)).toEqual([2, 3]);
    created = viaIfMatch.body;
  });

  it('lets exactly one of several concurrent updates at the same version win', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => h.call('PUT', `${path()}/${created.id}`, { token, body: { notes: `racer ${i}`, version: created.version } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    created = results.find((r) => r.status === 200)!.body;
  });

  it('cancels at a known version, frees the table, and refuses seated or completed through PUT', async () => {
    const seat = await h.call('PUT', `${path()}/${created.id}`, { token, body: { status: 'seated', version: created.version } });
    expect(seat.status).toBe(409);
    expect(seat.body.error.code).toBe('invalid_transition');
    const cancelled = await h.call('DELETE', `${path()}/${created.id}?version=${created.version}`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: created.version + 1 });
    expect(cancelled.body.cancelledAt).not.toBeNull();
    const [event] = await h.eventsOf(ReservationEvents.RESERVATION_CANCELLED, created.id);
    expect(event.data).toMatchObject({ status: 'cancelled' });
    // The four-top is free again at that time.
    const again = await book({ guestName: 'Next', partySize: 4, startsAt: '2026-06-12T19:30:00Z' });
    expect(again.status).toBe(201);
    expect(again.body.tableIds).toEqual([tables.t2]);
    const moveCancelled = await h.call('PUT', `${path()}/${created.id}`, { token, body: { startsAt: '2026-06-12T19:00:00Z', version: cancelled.body.version } });
    expect(moveCancelled.status).toBe(409);
  });

  it('replays a POST retried with the same Idempotency-Key instead of booking twice', async () => {
    const key = randomUUID();
    const body = { guestName: 'Retry', startsAt: '2026-06-14T17:00:00Z' };
    const first = await book(body, { 'idempotency-key': key });
    const second = await book(body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const reused = await book({ ...body, guestName: 'Someone else' }, { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    const list = await h.call('GET', `${path()}?name=Retry`, { token });
    expect(list.body).toHaveLength(1);
  });

  it("hides another restaurant's reservations behind 404 and refuses a viewer's writes with 403", async () => {
    const other = await h.restaurant('Europe/Berlin');
    const otherToken = h.token(other, 'owner');
    expect((await h.call('GET', `/restaurants/${other}/reservations/${created.id}`, { token: otherToken })).status).toBe(404);
    expect((await h.call('GET', `${path()}/${created.id}`, { token: otherToken })).status).toBe(404);
    expect((await h.call('POST', path(), { token: otherToken, body: { guestName: 'x', partySize: 2, startsAt: '2026-06-12T17:00:00Z' } })).status).toBe(404);
    const viewer = h.token(restaurantId, 'viewer');
    expect((await h.call('GET', path(), { token: viewer })).status).toBe(200);
    const write = await h.call('POST', path(), { token: viewer, body: { guestName: 'x', partySize: 2, startsAt: '2026-06-12T17:00:00Z' } });
    expect(write.status).toBe(403);
    expect((await h.call('DELETE', `${path()}/${created.id}?version=1`, { token: viewer })).status).toBe(403);
    expect((await h.call('GET', `/restaurants/${restaurantId}/availability?date=2026-06-12&partySize=2`, { token: viewer })).status).toBe(200);
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = await json(await fetch(`${h.url}/openapi.json`));
    const paths = Object.keys(doc.paths);
    for (const p of ['/restaurants/{restaurantId}/reservations', '/restaurants/{restaurantId}/reservations/{reservationId}', '/restaurants/{restaurantId}/reservations/{reservationId}/arrive', '/restaurants/{restaurantId}/availability', '/restaurants/{restaurantId}/booking-settings']) {
      expect(paths).toContain(p);
    }
    expect(Object.keys(doc.paths['/restaurants/{restaurantId}/reservations'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '403', '404', '409', '422']));
  });
});
