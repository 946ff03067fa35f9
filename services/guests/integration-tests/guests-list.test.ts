import { randomUUID } from 'node:crypto';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

let h: GuestsHarness;
const ids: Record<string, string> = {};
let tableId: string;

beforeAll(async () => {
  h = await startGuestsHarness();
  tableId = (await h.publishTable({ capacity: 6 })).id;
  for (const [name, size] of [
    ['Alice Martin', 2],
    ['Bob Martinez', 4],
    ['Carol 100%_Real', 3],
    ['Dan Smith', 5],
    ['Eve Adams', 2],
    ['Frank Moore', 2],
  ] as const) {
    const res = await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName: name, partySize: size } });
    expect(res.status).toBe(201);
    ids[name] = res.body.id;
  }
  // Bob is seated at the table, Eve cancels, Dan is notified.
  expect((await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${ids['Bob Martinez']}`, { body: { status: 'seated', tableId, version: 1 } })).status).toBe(200);
  expect((await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${ids['Eve Adams']}`, { body: { status: 'cancelled', version: 1 } })).status).toBe(200);
  expect((await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${ids['Dan Smith']}`, { body: { status: 'notified', version: 1 } })).status).toBe(200);
});
afterAll(async () => {
  await h?.close();
});

const list = (query = '') => h.call('GET', `/restaurants/${h.restaurantId}/guests${query}`);
const names = (body: { guestName: string }[]) => body.map((g) => g.guestName);

describe('listing guests', () => {
  it('orders the waitlist first (with positions), then seated, then the rest, and counts the total', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['Alice Martin', 'Carol 100%_Real', 'Dan Smith', 'Frank Moore', 'Bob Martinez', 'Eve Adams']);
    expect(res.body.map((g: { position: number | null }) => g.position)).toEqual([1, 2, 3, 4, null, null]);
    expect(res.headers.get('x-total-count')).toBe('6');
    expect(res.headers.get('x-next-cursor')).toBeNull();
  });

  it('searches names case-insensitively and partially, with LIKE wildcards taken literally', async () => {
    expect(names((await list('?search=mart')).body)).toEqual(['Alice Martin', 'Bob Martinez']);
    expect(names((await list('?search=100%25_')).body)).toEqual(['Carol 100%_Real']);
    expect((await list('?search=%25')).body).toHaveLength(1);
    expect((await list('?search=_')).body).toHaveLength(1);
  });

  it('filters by one or several statuses, by table and by creation time', async () => {
    expect(names((await list('?status=seated')).body)).toEqual(['Bob Martinez']);
    expect(names((await list('?status=notified,cancelled')).body)).toEqual(['Dan Smith', 'Eve Adams']);
    expect(names((await list('?status=notified&status=cancelled')).body)).toEqual(['Dan Smith', 'Eve Adams']);
    expect(names((await list(`?tableId=${tableId}`)).body)).toEqual(['Bob Martinez']);
    expect((await list(`?tableId=${randomUUID()}`)).body).toEqual([]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await list(`?createdFrom=${encodeURIComponent(future)}`)).body).toEqual([]);
    expect((await list(`?createdTo=${encodeURIComponent(future)}`)).body).toHaveLength(6);
  });

  it('pages with a cursor and with an offset, each row exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await list(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total-count')).toBe('6');
      seen.push(...names(res.body));
      cursor = res.headers.get('x-next-cursor');
      if (!cursor) break;
    }
    expect(seen).toEqual(['Alice Martin', 'Carol 100%_Real', 'Dan Smith', 'Frank Moore', 'Bob Martinez', 'Eve Adams']);
    expect(names((await list('?limit=2&offset=2')).body)).toEqual(['Dan Smith', 'Frank Moore']);
  });

  it('refuses a limit above 200, a forged cursor, and offset with cursor', async () => {
    expect((await list('?limit=201')).status).toBe(400);
    expect((await list('?cursor=forged')).body.error.code).toBe('invalid_cursor');
    expect((await list('?cursor=abc&offset=1')).status).toBe(400);
  });
});
