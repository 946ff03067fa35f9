import { FloorEvents, type TableView } from '@qtable/contracts';
import { startFloorSystem, tableBody, type FloorTestSystem, type Staff } from './support/floor-test-system';

let floor: FloorTestSystem;
beforeAll(async () => {
  floor = await startFloorSystem();
});
afterAll(() => floor?.close());

const tablesOf = (s: Staff) => `/restaurants/${s.restaurantId}/tables`;

async function tables(staff: Staff, ...numbers: string[]): Promise<TableView[]> {
  const created: TableView[] = [];
  for (const number of numbers) {
    const res = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody(number) });
    expect(res.status).toBe(201);
    created.push(res.body);
  }
  return created;
}

const get = async (staff: Staff, id: string): Promise<TableView> => (await floor.call('GET', `${tablesOf(staff)}/${id}`, { token: staff.owner })).body;

describe('combinableWith', () => {
  it('is symmetric: adding B to A adds A to B, both versions bumped, one event each', async () => {
    const staff = floor.restaurant();
    const [a, b, c] = await tables(staff, '1', '2', '3');
    const res = await floor.call('PUT', `${tablesOf(staff)}/${a.id}`, { token: staff.manager, body: { combinableWith: [b.id, c.id], version: 1 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ combinableWith: [b.id, c.id].sort(), version: 2 });
    expect(await get(staff, b.id)).toMatchObject({ combinableWith: [a.id], version: 2 });
    expect(await get(staff, c.id)).toMatchObject({ combinableWith: [a.id], version: 2 });
    for (const partner of [b, c]) {
      const updated = (await floor.outbox(partner.id)).at(-1)!;
      expect(updated.type).toBe(FloorEvents.TABLE_UPDATED);
      expect(updated.payload.data).toMatchObject({ combinableWith: [a.id], version: 2 });
    }
    expect((await floor.outbox(a.id)).map((e) => e.type)).toEqual([FloorEvents.TABLE_CREATED, FloorEvents.TABLE_UPDATED]);

    // Removing C from A's list removes A from C's; B is untouched (no bump, no event).
    const removed = await floor.call('PUT', `${tablesOf(staff)}/${a.id}`, { token: staff.manager, body: { combinableWith: [b.id], version: 2 } });
    expect(removed.body).toMatchObject({ combinableWith: [b.id], version: 3 });
    expect(await get(staff, c.id)).toMatchObject({ combinableWith: [], version: 3 });
    expect(await get(staff, b.id)).toMatchObject({ combinableWith: [a.id], version: 2 });
    expect(await floor.count('table_pair', 'restaurant_id = ?', [staff.restaurantId])).toBe(1);
  });

  it('can be given at creation, and a deleted table leaves its partners\' lists', async () => {
    const staff = floor.restaurant();
    const [a] = await tables(staff, '1');
    const created = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('2', { combinableWith: [a.id] }) });
    expect(created.status).toBe(201);
    expect(created.body.combinableWith).toEqual([a.id]);
    expect(await get(staff, a.id)).toMatchObject({ combinableWith: [created.body.id], version: 2 });

    expect((await floor.call('DELETE', `${tablesOf(staff)}/${created.body.id}?version=1`, { token: staff.owner })).status).toBe(204);
    expect(await get(staff, a.id)).toMatchObject({ combinableWith: [], version: 3 });
    expect((await floor.outbox(a.id)).at(-1)!.payload.data).toMatchObject({ combinableWith: [], version: 3 });
  });

  it("refuses itself, another restaurant's table, an unknown id and a deleted table, writing nothing", async () => {
    const staff = floor.restaurant();
    const other = floor.restaurant();
    const [a, gone] = await tables(staff, '1', '2');
    const [theirs] = await tables(other, '1');
    await floor.call('DELETE', `${tablesOf(staff)}/${gone.id}?version=1`, { token: staff.owner });
    const cases: [string[], number, string][] = [
      [[a.id], 422, 'invalid_combinable'],
      [[theirs.id], 422, 'unknown_table'],
      [['7b0c8a43-3d2a-4b1e-9f53-2f8e7d3c9a10'], 422, 'unknown_table'],
      [[gone.id], 422, 'unknown_table'],
    ];
    for (const [ids, status, code] of cases) {
      const res = await floor.call('PUT', `${tablesOf(staff)}/${a.id}`, { token: staff.owner, body: { combinableWith: ids, version: 1 } });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    const viaCreate = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('3', { combinableWith: [theirs.id] }) });
    expect(viaCreate.status).toBe(422);
    expect(await floor.count('table_pair', 'restaurant_id = ?', [staff.restaurantId])).toBe(0);
    expect(await get(staff, a.id)).toMatchObject({ version: 1, combinableWith: [] });
    expect(await floor.count('floor_table', 'restaurant_id = ? and deleted_at is null', [staff.restaurantId])).toBe(1);
  });

  it('stays symmetric under concurrent edits from both sides, without deadlocks', async () => {
    const staff = floor.restaurant();
    const ts = await tables(staff, '1', '2', '3', '4', '5', '6');
    // Every table at once asks to be combinable with every other; each write reads its own version.
    const results = await Promise.all(
      ts.map((t) =>
        floor.call('PUT', `${tablesOf(staff)}/${t.id}`, {
          token: staff.owner,
          body: { combinableWith: ts.filter((o) => o.id !== t.id).map((o) => o.id), version: 1 },
        }),
      ),
    );
    // The first to commit bumps every partner, so the others are stale: 409, never 500.
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(ts.length - 1);
    const views = (await floor.call('GET', tablesOf(staff), { token: staff.owner })).body as TableView[];
    for (const view of views) {
      for (const partner of view.combinableWith) expect(views.find((v) => v.id === partner)!.combinableWith).toContain(view.id);
    }
  });
});
