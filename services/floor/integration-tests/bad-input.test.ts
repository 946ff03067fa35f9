import { randomUUID } from 'node:crypto';
import { startFloorSystem, tableBody, type FloorTestSystem, type Staff } from './support/floor-test-system';

let floor: FloorTestSystem;
let staff: Staff;
let other: Staff;
let table: { id: string; version: number; updatedAt: string };
let theirSection: string;
let theirTable: string;

const tablesOf = (s: Staff) => `/restaurants/${s.restaurantId}/tables`;
const big = 'x'.repeat(100 * 1024);

beforeAll(async () => {
  floor = await startFloorSystem();
  staff = floor.restaurant();
  other = floor.restaurant();
  table = (await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('1', { capacity: 4, minCapacity: 2 }) })).body;
  await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody('P2') });
  theirSection = (await floor.call('POST', `/restaurants/${other.restaurantId}/sections`, { token: other.owner, body: { name: 'Patio', color: '#00ff00' } })).body.id;
  theirTable = (await floor.call('POST', tablesOf(other), { token: other.owner, body: tableBody('1') })).body.id;
});
afterAll(() => floor?.close());

/** Everything written so far for the restaurant: no bad request may change any of it. */
async function snapshot() {
  const where = 'restaurant_id = ?';
  return {
    tables: await floor.count('floor_table', where, [staff.restaurantId]),
    sections: await floor.count('section', where, [staff.restaurantId]),
    pairs: await floor.count('table_pair', where, [staff.restaurantId]),
    outbox: await floor.count('outbox', 'key = ?', [staff.restaurantId]),
    row: (await floor.call('GET', `${tablesOf(staff)}/${table.id}`, { token: staff.owner })).body,
  };
}

describe('bad input: a 4xx with the error body, nothing written', () => {
  const creates: [string, unknown, number][] = [
    ['capacity 0', tableBody('9', { capacity: 0 }), 400],
    ['negative capacity', tableBody('9', { capacity: -4 }), 400],
    ['capacity 51', tableBody('9', { capacity: 51 }), 400],
    ['fractional capacity', tableBody('9', { capacity: 2.5 }), 400],
    ['minCapacity above capacity', tableBody('9', { capacity: 2, minCapacity: 4 }), 400],
    ['an unknown shape', tableBody('9', { shape: 'hexagon' }), 400],
    ['a malformed section id', tableBody('9', { sectionId: 'patio' }), 400],
    ['a malformed combinable id', tableBody('9', { combinableWith: ['12'] }), 400],
    ["another restaurant's section", tableBody('9', { sectionId: '__THEIR_SECTION__' }), 422],
    ["another restaurant's table as combinable", tableBody('9', { combinableWith: ['__THEIR_TABLE__'] }), 422],
    ['an unknown section', tableBody('9', { sectionId: randomUUID() }), 422],
    ['an unknown field', tableBody('9', { colour: 'red' }), 400],
    ['a server-owned field', tableBody('9', { partyId: randomUUID() }), 400],
    ['capacity as a string', tableBody('9', { capacity: '4' }), 400],
    ['number as a number', { number: 9, capacity: 4 }, 400],
    ['x as a string', tableBody('9', { x: '10' }), 400],
    ['a width of zero', tableBody('9', { width: 0 }), 400],
    ['x far off the plan', tableBody('9', { x: 1e9 }), 400],
    ['rotation out of range', tableBody('9', { rotation: 720 }), 400],
    ['a status that does not exist', tableBody('9', { status: 'dirty' }), 400],
    ['a derived status', tableBody('9', { status: 'occupied' }), 422],
    ['status contradicting outOfService', tableBody('9', { status: 'available', outOfService: true }), 400],
    ['a duplicate table number', tableBody('1'), 409],
    ['a duplicate table number in another case', tableBody('p2'), 409],
    ['an empty number', tableBody('  '), 400],
    ['a 21-character number', tableBody('x'.repeat(21)), 400],
    ['a number with control characters', tableBody('1\u0000'), 400],
    ['a 100 kB number', tableBody(big), 413],
    ['a 10 kB number', tableBody('x'.repeat(10 * 1024)), 400],
    ['missing capacity', { number: '9' }, 400],
    ['an array body', [tableBody('9')], 400],
    ['null', null, 400],
    ['duplicate combinable ids', tableBody('9', { combinableWith: ['__THEIR_TABLE__', '__THEIR_TABLE__'] }), 400],
  ];

  it.each(creates)('POST with %s → %d', async (_name, rawBody, status) => {
    const body = JSON.parse(JSON.stringify(rawBody).replace('__THEIR_SECTION__', theirSection).replaceAll('__THEIR_TABLE__', theirTable));
    const before = await snapshot();
    const res = await floor.call('POST', tablesOf(staff), { token: staff.owner, body });
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    expect(await snapshot()).toEqual(before);
  });

  const updates: [string, unknown, number][] = [
    ['capacity 0', { capacity: 0 }, 400],
    ['capacity below the existing minCapacity', { capacity: 1 }, 422],
    ['minCapacity above the existing capacity', { minCapacity: 5 }, 422],
    ['an unknown shape', { shape: 'triangle' }, 400],
    ['a status that does not exist', { status: 'closed' }, 400],
    ['status occupied', { status: 'occupied' }, 422],
    ['status reserved', { status: 'reserved' }, 422],
    ['outOfService as a string', { outOfService: 'yes' }, 400],
    ['an unknown field', { seats: 4 }, 400],
    ['a duplicate number', { number: 'P2' }, 409],
    ["another restaurant's section", { sectionId: '__THEIR_SECTION__' }, 422],
    ["another restaurant's table as combinable", { combinableWith: ['__THEIR_TABLE__'] }, 422],
    ['a 100 kB string', { number: big }, 413],
    ['nothing to change', {}, 400],
    ['a version as a string', { capacity: 5, version: '1' }, 400],
  ];

  it.each(updates)('PUT with %s → %d', async (_name, rawBody, status) => {
    const body = JSON.parse(JSON.stringify(rawBody).replace('__THEIR_SECTION__', theirSection).replace('__THEIR_TABLE__', theirTable));
    const before = await snapshot();
    const res = await floor.call('PUT', `${tablesOf(staff)}/${table.id}`, {
      token: staff.owner,
      body: { version: before.row.version, ...(body as object) },
    });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toEqual(expect.any(String));
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['a malformed table id', 'GET', '/tables/12'],
    ['a malformed restaurant id', 'GET', '/../not-a-uuid/tables'],
    ['an unknown query parameter', 'GET', '/tables?sort=desc'],
    ['a status filter that does not exist', 'GET', '/tables?status=dirty'],
    ['a malformed section filter', 'GET', '/tables?sectionId=patio'],
    ['a malformed If-Match', 'PUT', '/tables/__TABLE__', { 'if-match': 'v1' }],
    ['a malformed delete version', 'DELETE', '/tables/__TABLE__?version=abc'],
  ] as const)('%s → 400', async (_name, method, suffix, headers: Record<string, string> = {}) => {
    const before = await snapshot();
    const path = `/restaurants/${staff.restaurantId}${suffix}`.replace('/__TABLE__', `/${table.id}`).replace(`/restaurants/${staff.restaurantId}/../`, '/restaurants/');
    const res = await floor.call(method, path, { token: staff.owner, headers, ...(method === 'PUT' ? { body: { capacity: 5 } } : {}) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toEqual(expect.any(String));
    expect(await snapshot()).toEqual(before);
  });

  it('answers malformed JSON and a non-JSON body with 4xx', async () => {
    const before = await snapshot();
    const malformed = await floor.call('POST', tablesOf(staff), { token: staff.owner, raw: '{"number":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_body');
    const text = await floor.call('POST', tablesOf(staff), { token: staff.owner, raw: 'number=9', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad sections the same way', async () => {
    const before = await snapshot();
    for (const body of [
      { name: 'Patio', color: 'green' },
      { name: 'Patio', color: '#12345' },
      { name: '', color: '#123456' },
      { name: 'x'.repeat(61), color: '#123456' },
      { name: 'Patio', color: '#123456', order: -1 },
      { name: 'Patio', color: '#123456', order: 1.5 },
      { name: 'Patio', color: '#123456', tables: [] },
    ]) {
      const res = await floor.call('POST', `/restaurants/${staff.restaurantId}/sections`, { token: staff.owner, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(await snapshot()).toEqual(before);
  });
});
