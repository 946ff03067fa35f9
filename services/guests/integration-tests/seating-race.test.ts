import { GuestEvents } from '@qtable/contracts';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

let h: GuestsHarness;
beforeAll(async () => {
  h = await startGuestsHarness();
});
afterAll(async () => {
  await h?.close();
});

const HOSTS = 50;

describe('fifty hosts, one free table', () => {
  it('seats exactly one party; the other 49 get 409 table_occupied naming who sits there', async () => {
    const table = await h.publishTable({ capacity: 4 });
    const parties = [];
    for (let i = 0; i < HOSTS; i++) {
      const res = await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName: `Party ${i}`, partySize: 2 } });
      expect(res.status).toBe(201);
      parties.push(res.body);
    }

    const started = Date.now();
    const answers = await Promise.all(
      parties.map((p) => h.call('PUT', `/restaurants/${h.restaurantId}/guests/${p.id}`, { body: { status: 'seated', tableId: table.id, version: p.version } })),
    );
    const elapsedMs = Date.now() - started;

    const winners = answers.filter((a) => a.status === 200);
    const losers = answers.filter((a) => a.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(HOSTS - 1);
    const winner = winners[0].body;
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      expect(loser.body.error.code).toBe('table_occupied');
      expect(loser.body.error.details.occupiedBy).toMatchObject({ id: winner.id, status: 'seated', tableId: table.id });
    }
    const metrics = await (await fetch(`${h.system.url}/metrics`)).text();
    const byConstraint = Number(/guests_seating_constraint_conflicts_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
    process.stdout.write(`50 concurrent seatings at one table: 1 seated, 49 × 409 (${byConstraint} refused by the unique index, the rest by the check) in ${elapsedMs} ms\n`);

    // The database agrees: one active seating, one seated party, 49 still waiting at version 1.
    const db = h.db;
    const seatings = await db.query(`select "guest_id" from "guests"."seating" where "table_id" = $1 and "released_at" is null`, [table.id]);
    expect(seatings.rows).toEqual([{ guest_id: winner.id }]);
    const statuses = await db.query(`select "status", "version", count(*)::int as n from "guests"."guest" where "restaurant_id" = $1 group by 1, 2 order by 1`, [h.restaurantId]);
    expect(statuses.rows).toEqual([
      { status: 'seated', version: 2, n: 1 },
      { status: 'waiting', version: 1, n: HOSTS - 1 },
    ]);
    // And it is the database that holds the invariant: a direct second insert is refused.
    await expect(
      db.query(`insert into "guests"."seating" ("restaurant_id", "table_id", "guest_id") values ($1, $2, $3)`, [h.restaurantId, table.id, losers[0].body.error.details.occupiedBy.id]),
    ).rejects.toThrow(/seating_one_party_per_table/);
    await h.system.flushOutboxes();
    expect(h.events.filter((e) => e.envelope.type === GuestEvents.GUEST_STATUS_CHANGED)).toHaveLength(1);
  });

  it('two hosts seating the same party at two different tables: one wins, the other gets version_conflict', async () => {
    const [t1, t2] = [await h.publishTable({ capacity: 4 }), await h.publishTable({ capacity: 4 })];
    const p = (await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName: 'Contested', partySize: 2 } })).body;
    const answers = await Promise.all(
      [t1, t2].map((t) => h.call('PUT', `/restaurants/${h.restaurantId}/guests/${p.id}`, { body: { status: 'seated', tableId: t.id, version: 1 } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body.error.code).toBe('version_conflict');
    expect(loser.body.error.details.current).toMatchObject({ id: p.id, status: 'seated', version: 2 });
    const current = (await h.call('GET', `/restaurants/${h.restaurantId}/guests/${p.id}`)).body;
    const free = [t1, t2].find((t) => t.id !== current.tableId)!;
    const other = (await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName: 'Other', partySize: 2 } })).body;
    // The losing table was not left occupied.
    expect((await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${other.id}`, { body: { status: 'seated', tableId: free.id, version: 1 } })).status).toBe(200);
  });
});
