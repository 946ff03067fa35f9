import { randomUUID } from 'node:crypto';
import { ReservationsHarness, type Call } from './support/reservations-system';
import { tableOf } from '../src/operations/sql';

// The invariant: no table is ever booked twice for overlapping times — single or joined
// tables, under concurrency — and the database itself refuses it.
let h: ReservationsHarness;
let restaurantId: string;
let token: string;
const path = () => `/restaurants/${restaurantId}/reservations`;

beforeAll(async () => {
  h = await ReservationsHarness.start({ now: '2026-06-08T08:00:00Z' });
  restaurantId = await h.restaurant('Europe/Berlin');
  token = h.token(restaurantId, 'host');
});
afterAll(() => h?.close());

const book = (body: Record<string, unknown>) => h.call('POST', path(), { token, body: { guestName: 'Racer', partySize: 2, ...body } });

describe('no double booking', () => {
  it('lets exactly as many of 50 concurrent bookings of one slot succeed as the room has fitting tables', async () => {
    const fitting = [
      await h.table(restaurantId, { number: '1', capacity: 2 }),
      await h.table(restaurantId, { number: '2', capacity: 2 }),
      await h.table(restaurantId, { number: '3', capacity: 4 }),
    ];
    await h.table(restaurantId, { number: 'Bar', capacity: 1 }); // too small for two
    const results: Call[] = await Promise.all(Array.from({ length: 50 }, (_, i) => book({ guestName: `Racer ${i}`, startsAt: '2026-06-12T17:00:00Z' })));
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(3);
    expect(lost).toHaveLength(47);
    expect(won.flatMap((r) => r.body.tableIds).sort()).toEqual([...fitting].sort());
    for (const r of lost) {
      expect(r.body.error.code).toBe('slot_unavailable');
      expect(r.body.error.details.alternatives.length).toBeGreaterThan(0);
      // No alternative offers the slot that just filled up.
      expect(r.body.error.details.alternatives.map((a: { startsAt: string }) => a.startsAt)).not.toContain('2026-06-12T17:00:00.000Z');
    }
    const [alt] = lost[0].body.error.details.alternatives;
    expect(alt).toEqual(expect.objectContaining({ startsAt: expect.any(String), localStartsAt: expect.any(String), tables: expect.any(Array) }));
    expect((await h.call('GET', `${path()}?date=2026-06-12`, { token })).body).toHaveLength(3);
  });

  it('refuses overlapping bookings that share one table of a joined set, also when they race', async () => {
    const a = await h.table(restaurantId, { number: '10', capacity: 2 });
    const b = await h.table(restaurantId, { number: '11', capacity: 2, combinableWith: [a] });
    const c = await h.table(restaurantId, { number: '12', capacity: 2, combinableWith: [b] });
    // 10+11 and 11+12 share table 11: at most one of them at a time.
    const racing = await Promise.all([
      book({ partySize: 4, tableIds: [a, b], startsAt: '2026-06-13T17:00:00Z' }),
      book({ partySize: 4, tableIds: [b, c], startsAt: '2026-06-13T17:30:00Z' }),
      book({ partySize: 4, tableIds: [c, b], startsAt: '2026-06-13T18:00:00Z' }),
    ]);
    expect(racing.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    for (const r of racing.filter((x) => x.status !== 201)) expect(r.body.error.code).toBe('slot_unavailable');
    // The single table 11 overlapping the joined booking is refused too; back-to-back is fine.
    const winner = racing.find((r) => r.status === 201)!.body;
    const single = await book({ tableIds: [b], startsAt: winner.startsAt });
    expect(single.status).toBe(409);
    const after = await book({ tableIds: [b], startsAt: winner.endsAt });
    expect(after.status).toBe(201);
  });

  it('spreads concurrent automatic bookings of large parties over the joinable sets without overlaps', async () => {
    const room = await h.restaurant('Europe/Berlin');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await h.table(room, { number: `J${i}`, capacity: 2, combinableWith: i > 0 ? [ids[i - 1]] : [] }));
    // Six two-tops in a row: at most three parties of four at once (J0+J1, J2+J3, J4+J5).
    const body = { guestName: 'Large', partySize: 4, startsAt: '2026-06-14T17:00:00Z' };
    const results = await Promise.all(Array.from({ length: 12 }, () => h.call('POST', `/restaurants/${room}/reservations`, { token: h.token(room, 'host'), body })));
    const won = results.filter((r) => r.status === 201).map((r) => r.body.tableIds as string[]);
    expect(won.length).toBeGreaterThanOrEqual(2);
    expect(won.length).toBeLessThanOrEqual(3);
    const used = won.flat();
    expect(new Set(used).size).toBe(used.length);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409)).toBe(true);
  });

  it('is enforced by the database itself, not only by the service', async () => {
    const em = h.orm.em.fork();
    const table = randomUUID();
    const insert = (reservationId: string, from: string, to: string) =>
      em.transactional(async (tx) => {
        await tx.execute(
          `insert into ${tableOf(tx, 'reservation')} ("id", "restaurant_id", "guest_name", "party_size", "starts_at", "ends_at", "duration_minutes", "service_date", "status", "source", "hold_starts_at", "no_show_at")
           values (?, ?, 'Direct', 2, ?, ?, 60, '2026-06-15', 'booked', 'phone', ?, ?)`,
          [reservationId, restaurantId, from, to, from, to],
        );
        await tx.execute(`insert into ${tableOf(tx, 'reservation_table')} ("reservation_id", "table_id", "restaurant_id", "during") values (?, ?, ?, tstzrange(?, ?))`, [
          reservationId,
          table,
          restaurantId,
          from,
          to,
        ]);
      });
    await insert(randomUUID(), '2026-06-15T17:00:00Z', '2026-06-15T18:00:00Z');
    await expect(insert(randomUUID(), '2026-06-15T17:59:00Z', '2026-06-15T19:00:00Z')).rejects.toMatchObject({ code: '23P01' });
    await insert(randomUUID(), '2026-06-15T18:00:00Z', '2026-06-15T19:00:00Z');
  });
});
