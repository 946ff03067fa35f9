import { authService } from '@qtable/service-auth';
import { floorService } from '@qtable/service-floor';
import { guestsService } from '@qtable/service-guests';
import { reservationsService } from '@qtable/service-reservations';
import { startTestSystem, type TestSystem } from '@qtable/runtime/testing';
import { json, waitFor } from '@qtable/testing';

// Across four services on the real PostgreSQL, as a host meets them: a booking holds its
// table (floor shows it reserved), the party arrives and is seated through guests' seating
// path — the one authority for occupancy — and floor shows the table occupied while
// reservations marks the booking seated.
describe('a reservation from booking to seated, across services', () => {
  let system: TestSystem;
  let token: string;
  let restaurantId: string;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${system.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? undefined : await json(res) };
  };

  beforeAll(async () => {
    system = await startTestSystem({
      services: [authService, floorService, guestsService, reservationsService],
      env: { RESERVATIONS_SWEEP_INTERVAL_MS: '100' },
    });
    const registered = await fetch(`${system.url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@bistro.example', password: 'correct horse battery', name: 'Owner', restaurantName: 'Bistro' }),
    });
    expect(registered.status).toBe(201);
    const body = await json(registered);
    token = body.access_token;
    restaurantId = body.restaurant.id;
  }, 60_000);
  afterAll(() => system?.close());

  it('holds, then seats through guests, and every service agrees', async () => {
    const table = await call('POST', `/restaurants/${restaurantId}/tables`, { number: '12', capacity: 4, shape: 'round', x: 1, y: 1, width: 1, height: 1, rotation: 0 });
    expect(table.status).toBe(201);

    // Open all day, with a hold window that already covers a booking an hour from now.
    const settings = await waitFor(async () => {
      const res = await call('GET', `/restaurants/${restaurantId}/booking-settings`);
      return res.status === 200 ? res.body : undefined;
    }, 'reservations to learn the restaurant from auth');
    const { restaurantId: _r, timeZone: _z, updatedAt: _u, version, ...rules } = settings;
    const allDay = Object.fromEntries(Object.keys(rules.openingHours).map((day) => [day, [{ name: 'all day', start: '00:00', lastSeating: '23:45' }]]));
    const saved = await call('PUT', `/restaurants/${restaurantId}/booking-settings`, { ...rules, openingHours: allDay, holdMinutes: 120, noShowGraceMinutes: 120, version });
    expect(saved.status).toBe(200);

    const quarter = 15 * 60_000;
    const startsAt = new Date(Math.ceil((Date.now() + 60 * 60_000) / quarter) * quarter).toISOString();
    const booking = await waitFor(async () => {
      const res = await call('POST', `/restaurants/${restaurantId}/reservations`, { guestName: 'Lee', partySize: 2, startsAt });
      return res.status === 201 ? res.body : undefined;
    }, 'reservations to know the table');
    expect(booking.tableIds).toEqual([table.body.id]);

    // The sweeper opens the hold; floor projects it.
    await waitFor(async () => (await call('GET', `/restaurants/${restaurantId}/tables/${table.body.id}`)).body.status === 'reserved', 'table reserved');

    const current = (await call('GET', `/restaurants/${restaurantId}/reservations/${booking.id}`)).body;
    const arrived = await call('POST', `/restaurants/${restaurantId}/reservations/${booking.id}/arrive`, undefined, { 'if-match': `"${current.version}"` });
    expect(arrived.status).toBe(200);
    expect(arrived.body.status).toBe('arrived');
    const party = await call('POST', `/restaurants/${restaurantId}/guests`, { guestName: 'Lee', partySize: 2, reservationId: booking.id });
    expect(party.status).toBe(201);
    const seated = await call('PUT', `/restaurants/${restaurantId}/guests/${party.body.id}`, { status: 'seated', tableId: table.body.id, version: party.body.version });
    expect(seated.status).toBe(200);

    await waitFor(async () => {
      const t = (await call('GET', `/restaurants/${restaurantId}/tables/${table.body.id}`)).body;
      return t.status === 'occupied' && t.partyId === party.body.id;
    }, 'floor to show the table occupied by the party');
    await waitFor(async () => (await call('GET', `/restaurants/${restaurantId}/reservations/${booking.id}`)).body.status === 'seated', 'the booking marked seated');

    // A second party cannot take the table while the first sits there.
    const other = await call('POST', `/restaurants/${restaurantId}/guests`, { guestName: 'Walk-in', partySize: 2 });
    const refused = await call('PUT', `/restaurants/${restaurantId}/guests/${other.body.id}`, { status: 'seated', tableId: table.body.id, version: other.body.version });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('table_occupied');
  }, 60_000);
});
