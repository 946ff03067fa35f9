import { FloorEvents } from '@qtable/contracts';
import { DEFAULT_BOOKING_RULES } from '../src/domain/booking-settings';
import { ReservationsHarness } from './support/reservations-system';

// Friday 12 June 2026, Berlin (UTC+2). Dinner: first seating 18:00, last 21:30 local.
let h: ReservationsHarness;

beforeAll(async () => {
  h = await ReservationsHarness.start({ now: '2026-06-12T08:00:00Z' });
});
afterAll(() => h?.close());

async function room() {
  const restaurantId = await h.restaurant('Europe/Berlin');
  const token = h.token(restaurantId, 'manager');
  const dinnerOnly = { ...DEFAULT_BOOKING_RULES, openingHours: Object.fromEntries(Object.keys(DEFAULT_BOOKING_RULES.openingHours).map((d) => [d, [{ name: 'dinner', start: '18:00', lastSeating: '21:30' }]])), version: 0 };
  const put = await h.call('PUT', `/restaurants/${restaurantId}/booking-settings`, { token, body: dinnerOnly });
  expect(put.status).toBe(200);
  const available = async (date: string, partySize: number) => {
    const res = await h.call('GET', `/restaurants/${restaurantId}/availability?date=${date}&partySize=${partySize}`, { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const times = async (date: string, partySize: number) => (await available(date, partySize)).slots.map((s: { localTime: string }) => s.localTime);
  const book = (body: Record<string, unknown>) => h.call('POST', `/restaurants/${restaurantId}/reservations`, { token, body: { guestName: 'Guest', partySize: 2, ...body } });
  return { restaurantId, token, available, times, book, settings: put.body };
}

const grid = (from: string, to: string) => {
  const out: string[] = [];
  for (let m = Number(from.slice(0, 2)) * 60 + Number(from.slice(3)); m <= Number(to.slice(0, 2)) * 60 + Number(to.slice(3)); m += 15) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  return out;
};

describe('availability', () => {
  it('offers the 15-minute grid of the service periods, in local time and UTC, with the smallest fitting tables first', async () => {
    const r = await room();
    const two = await h.table(r.restaurantId, { number: '1', capacity: 2 });
    const four = await h.table(r.restaurantId, { number: '2', capacity: 4 });
    const body = await r.available('2026-06-13', 2);
    expect(body).toMatchObject({ date: '2026-06-13', partySize: 2, durationMinutes: 90, timeZone: 'Europe/Berlin' });
    expect(body.slots.map((s: { localTime: string }) => s.localTime)).toEqual(grid('18:00', '21:30'));
    expect(body.slots[0]).toEqual({
      startsAt: '2026-06-13T16:00:00.000Z',
      localStartsAt: '2026-06-13T18:00:00+02:00',
      localTime: '18:00',
      period: 'dinner',
      tables: [
        { tableIds: [two], tableNumbers: ['1'], capacity: 2 },
        { tableIds: [four], tableNumbers: ['2'], capacity: 4 },
      ],
    });
  });

  it('leaves out times that are past, and knows closed days', async () => {
    const r = await room();
    await h.table(r.restaurantId, { number: '1', capacity: 2 });
    h.clock.set('2026-06-12T17:05:00Z'); // 19:05 local
    expect(await r.times('2026-06-12', 2)).toEqual(grid('19:15', '21:30'));
    h.clock.set('2026-06-12T08:00:00Z');
    const closed = { ...r.settings, closedDates: ['2026-06-14'], openingHours: { ...r.settings.openingHours, monday: [] } };
    delete closed.restaurantId;
    delete closed.timeZone;
    delete closed.updatedAt;
    expect((await h.call('PUT', `/restaurants/${r.restaurantId}/booking-settings`, { token: r.token, body: closed })).status).toBe(200);
    expect(await r.times('2026-06-14', 2)).toEqual([]);
    expect(await r.times('2026-06-15', 2)).toEqual([]); // a Monday
    expect(await r.times('2026-06-16', 2)).toHaveLength(15);
  });

  it('takes booked tables out for the whole turn, and offers them again right after', async () => {
    const r = await room();
    await h.table(r.restaurantId, { number: '1', capacity: 2 });
    expect((await r.book({ localStartsAt: '2026-06-13T19:00' })).status).toBe(201); // 19:00-20:30
    // A new party of two also needs 90 minutes: even 18:00 would run into 19:00; from 20:30 it is free again.
    expect(await r.times('2026-06-13', 2)).toEqual(grid('20:30', '21:30'));
    // A shorter stay fits before it.
    const short = await h.call('GET', `/restaurants/${r.restaurantId}/availability?date=2026-06-13&partySize=2&durationMinutes=60`, { token: r.token });
    expect(short.body.slots.map((s: { localTime: string }) => s.localTime)).toEqual(['18:00', ...grid('20:30', '21:30')]);
  });

  it('joins combinable tables for a party no single table seats, and refuses parties larger than any joinable set', async () => {
    const r = await room();
    const a = await h.table(r.restaurantId, { number: '1', capacity: 2 });
    const b = await h.table(r.restaurantId, { number: '2', capacity: 2, combinableWith: [a] });
    await h.table(r.restaurantId, { number: '3', capacity: 2 });
    const body = await r.available('2026-06-13', 4);
    expect(body.slots[0].tables).toEqual([{ tableIds: [a, b].sort(), tableNumbers: ['1', '2'], capacity: 4 }]);
    const tooLarge = await h.call('GET', `/restaurants/${r.restaurantId}/availability?date=2026-06-13&partySize=5`, { token: r.token });
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.error).toMatchObject({ code: 'party_too_large', details: { largestPartySize: 4 } });
  });

  it('skips tables out of service, and tables with a party seated now for the times near now', async () => {
    const r = await room();
    const broken = await h.table(r.restaurantId, { number: '1', capacity: 2 });
    const busy = await h.table(r.restaurantId, { number: '2', capacity: 2 });
    await h.updateTable(broken, { outOfService: true }, FloorEvents.TABLE_STATUS_CHANGED);
    h.clock.set('2026-06-12T16:00:00Z'); // 18:00 local; the party sits down now
    await h.updateTable(busy, { partyId: '7405ffbf-498b-48d3-944a-9e35cc7c1c69' }, FloorEvents.TABLE_STATUS_CHANGED);
    const body = await r.available('2026-06-12', 2);
    // Seated at 18:00 with a 90-minute turn: table 2 is expected free from 19:30.
    expect(body.slots.map((s: { localTime: string }) => s.localTime)).toEqual(grid('19:30', '21:30'));
    expect(body.slots.every((s: { tables: { tableIds: string[] }[] }) => s.tables.every((t) => !t.tableIds.includes(broken)))).toBe(true);
    // The party stays longer than expected: still busy for the next slot.
    h.clock.set('2026-06-12T17:40:00Z'); // 19:40 local
    expect((await r.times('2026-06-12', 2))[0]).toBe('20:00');
    await h.updateTable(busy, { partyId: null }, FloorEvents.TABLE_STATUS_CHANGED);
    expect((await r.times('2026-06-12', 2))[0]).toBe('19:45');
    // Booking the broken table by name is refused with alternatives.
    const refused = await r.book({ localStartsAt: '2026-06-12T21:00', tableIds: [broken] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('slot_unavailable');
    h.clock.set('2026-06-12T08:00:00Z');
  });

  it('honours pacing: covers and parties starting per 15-minute slot', async () => {
    const r = await room();
    for (let i = 1; i <= 6; i++) await h.table(r.restaurantId, { number: String(i), capacity: 4 });
    const paced = { ...r.settings, pacing: { maxCoversPerSlot: 6, maxPartiesPerSlot: 2 } };
    for (const k of ['restaurantId', 'timeZone', 'updatedAt']) delete paced[k];
    expect((await h.call('PUT', `/restaurants/${r.restaurantId}/booking-settings`, { token: r.token, body: paced })).status).toBe(200);
    expect((await r.book({ localStartsAt: '2026-06-13T19:00', partySize: 4 })).status).toBe(201);
    // 4 covers booked at 19:00: a party of 3 would make 7 > 6; a party of 2 fits exactly.
    expect(await r.times('2026-06-13', 3)).not.toContain('19:00');
    expect(await r.times('2026-06-13', 2)).toContain('19:00');
    expect((await r.book({ localStartsAt: '2026-06-13T19:00', partySize: 2 })).status).toBe(201);
    // Two parties at 19:00 now: closed even for one guest, though tables are free.
    expect(await r.times('2026-06-13', 1)).not.toContain('19:00');
    const refused = await r.book({ localStartsAt: '2026-06-13T19:00', partySize: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.reason).toBe('pacing');
    expect(refused.body.error.details.alternatives.map((a: { localStartsAt: string }) => a.localStartsAt.slice(11, 16))).toEqual(['18:45', '19:15', '18:30', '19:30', '18:15']);
  });

  it('keeps pacing under concurrent bookings of one slot', async () => {
    const r = await room();
    for (let i = 1; i <= 10; i++) await h.table(r.restaurantId, { number: String(i), capacity: 2 });
    const paced = { ...r.settings, pacing: { maxCoversPerSlot: null, maxPartiesPerSlot: 3 } };
    for (const k of ['restaurantId', 'timeZone', 'updatedAt']) delete paced[k];
    expect((await h.call('PUT', `/restaurants/${r.restaurantId}/booking-settings`, { token: r.token, body: paced })).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 20 }, () => r.book({ localStartsAt: '2026-06-13T20:00' })));
    expect(results.filter((x) => x.status === 201)).toHaveLength(3);
    expect(results.filter((x) => x.status === 409)).toHaveLength(17);
  });
});
