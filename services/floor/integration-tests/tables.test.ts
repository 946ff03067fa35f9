import { FloorEvents, TableView } from '@qtable/contracts';
import { waitFor } from '@qtable/testing';
import { startFloorSystem, tableBody, type FloorTestSystem, type Staff } from './support/floor-test-system';

let floor: FloorTestSystem;
beforeAll(async () => {
  floor = await startFloorSystem();
});
afterAll(() => floor?.close());

const tablesOf = (s: Staff) => `/restaurants/${s.restaurantId}/tables`;

describe('tables', () => {
  it('creates a table with defaults, answers it with its ETag, and records table.created', async () => {
    const staff = floor.restaurant();
    const res = await floor.call('POST', tablesOf(staff), { token: staff.manager, body: tableBody('12', { shape: 'round', x: 10.5, y: 20, rotation: -90 }) });
    expect(res.status).toBe(201);
    const table = TableView.parse(res.body);
    expect(table).toMatchObject({
      restaurantId: staff.restaurantId,
      number: '12',
      capacity: 4,
      minCapacity: null,
      shape: 'round',
      x: 10.5,
      y: 20,
      width: 80,
      height: 80,
      rotation: 270,
      sectionId: null,
      status: 'available',
      outOfService: false,
      partyId: null,
      combinableWith: [],
      version: 1,
    });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`${tablesOf(staff)}/${table.id}`);

    const got = await floor.call('GET', `${tablesOf(staff)}/${table.id}`, { token: staff.viewer });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(table);
    expect(got.headers.get('etag')).toBe('"1"');

    const [created] = await floor.outbox(table.id);
    expect(created.type).toBe(FloorEvents.TABLE_CREATED);
    expect(created.payload).toMatchObject({ restaurantId: staff.restaurantId, aggregateVersion: 1, data: table });
    const event = await waitFor(() => floor.delivered.find((e) => e.envelope.aggregateId === table.id), 'table.created delivered', 5000);
    expect(event.key).toBe(staff.restaurantId);
  });

  it('lists live tables in natural number order, filtered by status', async () => {
    const staff = floor.restaurant();
    for (const number of ['10', 'P2', '2', 'P10', '1']) {
      expect((await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody(number) })).status).toBe(201);
    }
    const list = await floor.call('GET', tablesOf(staff), { token: staff.viewer });
    expect(list.status).toBe(200);
    expect(list.body.map((t: TableView) => t.number)).toEqual(['1', '2', '10', 'P2', 'P10']);

    const p2 = list.body.find((t: TableView) => t.number === 'P2');
    const off = await floor.call('PUT', `${tablesOf(staff)}/${p2.id}`, { token: staff.host, body: { status: 'out_of_service', version: 1 } });
    expect(off.status).toBe(200);
    const outOfService = await floor.call('GET', `${tablesOf(staff)}?status=out_of_service`, { token: staff.viewer });
    expect(outOfService.body.map((t: TableView) => t.number)).toEqual(['P2']);
    const available = await floor.call('GET', `${tablesOf(staff)}?status=available`, { token: staff.viewer });
    expect(available.body).toHaveLength(4);
  });

  it('updates at the known version, from the body or If-Match, and refuses a write without one (428)', async () => {
    const staff = floor.restaurant();
    const { body: table } = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('7') });
    const path = `${tablesOf(staff)}/${table.id}`;

    expect((await floor.call('PUT', path, { token: staff.manager, body: { capacity: 6 } })).status).toBe(428);
    const byBody = await floor.call('PUT', path, { token: staff.manager, body: { capacity: 6, minCapacity: 2, version: 1 } });
    expect(byBody.status).toBe(200);
    expect(byBody.body).toMatchObject({ capacity: 6, minCapacity: 2, version: 2 });
    expect(byBody.headers.get('etag')).toBe('"2"');

    const byHeader = await floor.call('PUT', path, { token: staff.manager, body: { x: 100, y: 50, width: 120 }, headers: { 'if-match': '"2"' } });
    expect(byHeader.status).toBe(200);
    expect(byHeader.body).toMatchObject({ x: 100, y: 50, width: 120, version: 3 });

    // A no-op write changes nothing: no new version, no event.
    const same = await floor.call('PUT', path, { token: staff.manager, body: { capacity: 6, version: 3 } });
    expect(same.body.version).toBe(3);
    expect((await floor.outbox(table.id)).map((e) => e.type)).toEqual([FloorEvents.TABLE_CREATED, FloorEvents.TABLE_UPDATED, FloorEvents.TABLE_UPDATED]);
  });

  it('refuses a stale write with 409 and the current state', async () => {
    const staff = floor.restaurant();
    const { body: table } = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('8') });
    const path = `${tablesOf(staff)}/${table.id}`;
    const first = await floor.call('PUT', path, { token: staff.manager, body: { capacity: 2, version: 1 } });
    const second = await floor.call('PUT', path, { token: staff.manager, body: { capacity: 8, version: 1 } });
    expect([first.status, second.status]).toEqual([200, 409]);
    expect(second.body.error.code).toBe('version_conflict');
    expect(second.body.error.details.current).toMatchObject({ id: table.id, capacity: 2, version: 2 });
  });

  it('lets a host toggle out of service (seed status or flag) but not reshape the floor; a viewer may only read', async () => {
    const staff = floor.restaurant();
    const host = await floor.call('POST', tablesOf(staff), { token: staff.host, body: tableBody('3') });
    expect(host.status).toBe(403);
    expect(await floor.count('floor_table', 'restaurant_id = ?', [staff.restaurantId])).toBe(0);

    const { body: table } = await floor.call('POST', tablesOf(staff), { token: staff.manager, body: tableBody('3') });
    const path = `${tablesOf(staff)}/${table.id}`;
    const off = await floor.call('PUT', path, { token: staff.host, body: { status: 'out_of_service', version: 1 } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ status: 'out_of_service', outOfService: true, version: 2 });
    const [, statusChanged] = await floor.outbox(table.id);
    expect(statusChanged.type).toBe(FloorEvents.TABLE_STATUS_CHANGED);
    expect(statusChanged.payload.data).toMatchObject({ status: 'out_of_service', version: 2 });

    const back = await floor.call('PUT', path, { token: staff.host, body: { outOfService: false, version: 2 } });
    expect(back.body).toMatchObject({ status: 'available', outOfService: false, version: 3 });

    const reshape = await floor.call('PUT', path, { token: staff.host, body: { capacity: 10, version: 3 } });
    expect(reshape.status).toBe(403);
    expect((await floor.call('DELETE', `${path}?version=3`, { token: staff.host })).status).toBe(403);
    const viewer = await floor.call('PUT', path, { token: staff.viewer, body: { status: 'out_of_service', version: 3 } });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.code).toBe('forbidden');
    expect((await floor.call('GET', path, { token: staff.viewer })).body.version).toBe(3);
  });

  it('explains that occupied and reserved are derived, not written', async () => {
    const staff = floor.restaurant();
    const { body: table } = await floor.call('POST', tablesOf(staff), { token: staff.manager, body: tableBody('4') });
    for (const status of ['occupied', 'reserved']) {
      const res = await floor.call('PUT', `${tablesOf(staff)}/${table.id}`, { token: staff.host, body: { status, version: 1 } });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('status_derived');
      expect(res.body.error.message).toMatch(/seat/);
    }
    expect((await floor.call('GET', `${tablesOf(staff)}/${table.id}`, { token: staff.host })).body.version).toBe(1);
  });

  it("hides another restaurant's tables behind 404", async () => {
    const mine = floor.restaurant();
    const theirs = floor.restaurant();
    const { body: their } = await floor.call('POST', tablesOf(theirs), { token: theirs.owner, body: tableBody('1') });
    // Their table under my restaurant's path, with my token: as if it did not exist.
    for (const [method, body] of [['GET', undefined], ['PUT', { capacity: 2, version: 1 }], ['DELETE', undefined]] as const) {
      const res = await floor.call(method, `${tablesOf(mine)}/${their.id}${method === 'DELETE' ? '?version=1' : ''}`, { token: mine.owner, body });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    // Their restaurant's path with my token: the restaurant itself is hidden.
    expect((await floor.call('GET', `${tablesOf(theirs)}/${their.id}`, { token: mine.owner })).status).toBe(404);
    expect((await floor.call('GET', tablesOf(theirs), { token: mine.owner })).status).toBe(404);
    expect((await floor.call('GET', tablesOf(mine), { token: mine.owner })).body).toEqual([]);
    expect((await floor.call('GET', `${tablesOf(theirs)}/${their.id}`, { token: theirs.viewer })).body.version).toBe(1);
  });

  it('deletes at the known version (428 without), records table.deleted and frees the number', async () => {
    const staff = floor.restaurant();
    const { body: table } = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('9') });
    const path = `${tablesOf(staff)}/${table.id}`;
    expect((await floor.call('DELETE', path, { token: staff.owner })).status).toBe(428);
    const stale = await floor.call('DELETE', path, { token: staff.owner, headers: { 'if-match': '"5"' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.version).toBe(1);

    expect((await floor.call('DELETE', path, { token: staff.owner, headers: { 'if-match': '"1"' } })).status).toBe(204);
    expect((await floor.call('GET', path, { token: staff.owner })).status).toBe(404);
    const deleted = (await floor.outbox(table.id)).at(-1)!;
    expect(deleted.type).toBe(FloorEvents.TABLE_DELETED);
    expect(deleted.payload).toMatchObject({ aggregateVersion: 2, data: { id: table.id, number: '9', version: 2 } });

    const again = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('9') });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(table.id);
  });

  it('replays the first answer for a retried Idempotency-Key, without a second table', async () => {
    const staff = floor.restaurant();
    const headers = { 'idempotency-key': 'create-table-21-attempt' };
    const first = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('21'), headers });
    const retry = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('21'), headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await floor.count('floor_table', 'restaurant_id = ?', [staff.restaurantId])).toBe(1);
    expect((await floor.outbox(first.body.id)).filter((e) => e.type === FloorEvents.TABLE_CREATED)).toHaveLength(1);

    const reused = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('22'), headers });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = (await floor.call('GET', '/openapi.json')).body;
    const tables = doc.paths['/restaurants/{restaurantId}/tables/{tableId}'];
    expect(Object.keys(tables)).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
    expect(Object.keys(tables.put.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409', '422', '428']));
    expect(doc.paths['/restaurants/{restaurantId}/sections'].post.operationId).toBe('createSection');
  });
});
