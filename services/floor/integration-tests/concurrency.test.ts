import { FloorEvents } from '@qtable/contracts';
import { startFloorSystem, tableBody, type FloorTestSystem, type Staff } from './support/floor-test-system';

let floor: FloorTestSystem;
beforeAll(async () => {
  floor = await startFloorSystem();
});
afterAll(() => floor?.close());

const tablesOf = (s: Staff) => `/restaurants/${s.restaurantId}/tables`;

describe('optimistic locking under concurrency', () => {
  it('two PUTs at the same version: exactly one 200, one 409 with the current state', async () => {
    const staff = floor.restaurant();
    const { body: table } = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('1') });
    const path = `${tablesOf(staff)}/${table.id}`;
    const [a, b] = await Promise.all([
      floor.call('PUT', path, { token: staff.manager, body: { capacity: 2, version: 1 } }),
      floor.call('PUT', path, { token: staff.host, body: { status: 'out_of_service', version: 1 } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('version_conflict');
    expect(loser.body.error.details.current.version).toBe(2);
    const current = (await floor.call('GET', path, { token: staff.owner })).body;
    expect(current.version).toBe(2);
    // Exactly one of the two changes landed, never a mix.
    expect(current.capacity === 2).toBe(!current.outOfService);
  });

  it('20 concurrent PUTs of one table at the same version: exactly one wins, one event', async () => {
    const staff = floor.restaurant();
    const { body: table } = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('2') });
    const path = `${tablesOf(staff)}/${table.id}`;
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => floor.call('PUT', path, { token: staff.manager, body: { x: i + 1, version: 1 } })),
    );
    const elapsed = Date.now() - started;
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const current = (await floor.call('GET', path, { token: staff.owner })).body;
    expect(current).toMatchObject({ version: 2, x: winners[0].body.x });
    expect((await floor.outbox(table.id)).filter((e) => e.type === FloorEvents.TABLE_UPDATED)).toHaveLength(1);
    // Bounded: the losers wait only for the winner's row lock.
    expect(elapsed).toBeLessThan(5000);
  });

  it('concurrent creates of one number: one 201, the rest 409 table_number_taken', async () => {
    const staff = floor.restaurant();
    const results = await Promise.all(Array.from({ length: 8 }, () => floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('P3') })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const loser of results.filter((r) => r.status !== 201)) {
      expect(loser.status).toBe(409);
      expect(loser.body.error.code).toBe('table_number_taken');
    }
    expect(await floor.count('floor_table', 'restaurant_id = ?', [staff.restaurantId])).toBe(1);
  });
});
