import { FloorEvents, SectionView, type TableView } from '@qtable/contracts';
import { startFloorSystem, tableBody, type FloorTestSystem, type Staff } from './support/floor-test-system';

let floor: FloorTestSystem;
beforeAll(async () => {
  floor = await startFloorSystem();
});
afterAll(() => floor?.close());

const sectionsOf = (s: Staff) => `/restaurants/${s.restaurantId}/sections`;
const tablesOf = (s: Staff) => `/restaurants/${s.restaurantId}/tables`;

async function section(staff: Staff, name: string, extra: Record<string, unknown> = {}): Promise<SectionView> {
  const res = await floor.call('POST', sectionsOf(staff), { token: staff.manager, body: { name, color: '#4A90E2', ...extra } });
  expect(res.status).toBe(201);
  return SectionView.parse(res.body);
}

describe('sections', () => {
  it('creates sections in order (after the last by default), lists and updates them at a version', async () => {
    const staff = floor.restaurant();
    const patio = await section(staff, 'Patio');
    const bar = await section(staff, 'Bar');
    const front = await section(staff, 'Front', { order: 0 });
    expect(patio).toMatchObject({ name: 'Patio', color: '#4a90e2', order: 0, version: 1 });
    expect(bar.order).toBe(1);
    const list = await floor.call('GET', sectionsOf(staff), { token: staff.viewer });
    expect(list.body.map((s: SectionView) => s.name)).toEqual(['Front', 'Patio', 'Bar']);

    const renamed = await floor.call('PUT', `${sectionsOf(staff)}/${bar.id}`, { token: staff.manager, body: { name: 'Bar & Lounge', order: 5, version: 1 } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Bar & Lounge', order: 5, version: 2 });
    const stale = await floor.call('PUT', `${sectionsOf(staff)}/${bar.id}`, { token: staff.manager, body: { color: '#000000', version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.version).toBe(2);
    const dup = await floor.call('PUT', `${sectionsOf(staff)}/${front.id}`, { token: staff.manager, body: { name: 'patio', version: 1 } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('section_name_taken');
    expect((await floor.outbox(bar.id)).map((e) => e.type)).toEqual([FloorEvents.SECTION_CREATED, FloorEvents.SECTION_UPDATED]);
    expect((await floor.call('POST', sectionsOf(staff), { token: staff.host, body: { name: 'X', color: '#000000' } })).status).toBe(403);
  });

  it('puts tables in sections, filters by section, and refuses another restaurant\'s section', async () => {
    const staff = floor.restaurant();
    const other = floor.restaurant();
    const patio = await section(staff, 'Patio');
    const theirs = await section(other, 'Patio');
    const t1 = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('1', { sectionId: patio.id }) });
    expect(t1.status).toBe(201);
    await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('2') });
    const filtered = await floor.call('GET', `${tablesOf(staff)}?sectionId=${patio.id}`, { token: staff.viewer });
    expect(filtered.body.map((t: TableView) => t.number)).toEqual(['1']);

    const foreign = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('3', { sectionId: theirs.id }) });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.code).toBe('unknown_section');
    const moved = await floor.call('PUT', `${tablesOf(staff)}/${t1.body.id}`, { token: staff.owner, body: { sectionId: theirs.id, version: 1 } });
    expect(moved.status).toBe(422);
    expect(await floor.count('floor_table', 'restaurant_id = ?', [staff.restaurantId])).toBe(2);
    expect((await floor.call('GET', `${sectionsOf(other)}/${theirs.id}`, { token: staff.owner })).status).toBe(404);
    expect((await floor.call('GET', `${sectionsOf(staff)}/${theirs.id}`, { token: staff.owner })).status).toBe(404);
  });

  it('refuses to delete a section that still has live tables (409 section_not_empty), and deletes it once empty', async () => {
    const staff = floor.restaurant();
    const patio = await section(staff, 'Patio');
    const { body: table } = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('1', { sectionId: patio.id }) });
    const refused = await floor.call('DELETE', `${sectionsOf(staff)}/${patio.id}?version=1`, { token: staff.owner });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('section_not_empty');
    expect(refused.body.error.details.tables).toEqual([{ id: table.id, number: '1' }]);
    expect(await floor.count('section', 'id = ?', [patio.id])).toBe(1);

    // Deleted tables do not keep a section alive.
    expect((await floor.call('DELETE', `${tablesOf(staff)}/${table.id}?version=1`, { token: staff.owner })).status).toBe(204);
    expect((await floor.call('DELETE', `${sectionsOf(staff)}/${patio.id}`, { token: staff.owner })).status).toBe(428);
    expect((await floor.call('DELETE', `${sectionsOf(staff)}/${patio.id}`, { token: staff.owner, headers: { 'if-match': '"1"' } })).status).toBe(204);
    expect((await floor.call('GET', `${sectionsOf(staff)}/${patio.id}`, { token: staff.owner })).status).toBe(404);
    const deleted = (await floor.outbox(patio.id)).at(-1)!;
    expect(deleted.type).toBe(FloorEvents.SECTION_DELETED);
    expect(deleted.payload.aggregateVersion).toBe(2);
  });

  it('serializes a section delete against a table being put into it: never a live table in a deleted section', async () => {
    const staff = floor.restaurant();
    for (let round = 0; round < 5; round++) {
      const s = await section(staff, `Room ${round}`);
      const [create, del] = await Promise.all([
        floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody(`R${round}`, { sectionId: s.id }) }),
        floor.call('DELETE', `${sectionsOf(staff)}/${s.id}?version=1`, { token: staff.owner }),
      ]);
      // Either the table went in first (delete refused) or the section went first (table refused).
      expect([create.status, del.status].sort()).toEqual(create.status === 201 ? [201, 409] : [204, 422]);
    }
    const orphans = await floor.count('floor_table t', 't.restaurant_id = ? and t.section_id is not null and not exists (select 1 from "floor"."section" s where s.id = t.section_id)', [staff.restaurantId]);
    expect(orphans).toBe(0);
  });
});
