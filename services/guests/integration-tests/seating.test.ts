import { GuestEvents } from '@qtable/contracts';
import { waitFor } from '@qtable/testing';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

let h: GuestsHarness;
beforeAll(async () => {
  h = await startGuestsHarness();
});
afterAll(async () => {
  await h?.close();
});

const guests = () => `/restaurants/${h.restaurantId}/guests`;
async function party(partySize = 2, guestName = 'Party') {
  const res = await h.call('POST', guests(), { body: { guestName, partySize } });
  expect(res.status).toBe(201);
  return res.body;
}
const put = (g: { id: string; version: number }, body: Record<string, unknown>, token?: string) =>
  h.call('PUT', `${guests()}/${g.id}`, { body: { version: g.version, ...body }, token });

describe('seating', () => {
  it('seats a party at a free table, refuses a second party there, and frees the table on complete', async () => {
    const table = await h.publishTable({ capacity: 4 });
    const first = await party(4, 'First');
    const seated = await put(first, { status: 'seated', tableId: table.id });
    expect(seated.status).toBe(200);
    expect(seated.body).toMatchObject({ status: 'seated', tableId: table.id, tableIds: [table.id], position: null, version: 2 });
    expect(seated.body.seatedAt).not.toBeNull();

    const second = await party(2, 'Second');
    const refused = await put(second, { status: 'seated', tableId: table.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('table_occupied');
    expect(refused.body.error.details).toMatchObject({ tableId: table.id, occupiedBy: { id: first.id, guestName: 'First', status: 'seated' } });
    expect((await h.call('GET', `${guests()}/${second.id}`)).body).toMatchObject({ status: 'waiting', version: 1 });

    const done = await put(seated.body, { status: 'completed' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', tableIds: [table.id], version: 3 });
    expect(done.body.completedAt).not.toBeNull();
    const now = await put(second, { status: 'seated', tableId: table.id });
    expect(now.status).toBe(200);

    const events = await waitFor(() => {
      const found = h.events.filter((e) => e.envelope.aggregateId === first.id && e.envelope.type === GuestEvents.GUEST_STATUS_CHANGED);
      return found.length === 2 ? found : undefined;
    }, 'status events of the first party');
    expect(events.map((e) => [e.envelope.data.status, e.envelope.data.tableIds, e.envelope.aggregateVersion])).toEqual([
      ['seated', [table.id], 2],
      ['completed', [table.id], 3],
    ]);
  });

  it('seats a large party at joined tables that are combinable, and refuses ones that are not', async () => {
    const a = await h.publishTable({ capacity: 4 });
    const b = await h.publishTable({ capacity: 4, combinableWith: [a.id] });
    const lone = await h.publishTable({ capacity: 4 });
    const big = await party(8, 'Big Table');
    const notCombinable = await put(big, { status: 'seated', tableIds: [a.id, lone.id] });
    expect(notCombinable.status).toBe(422);
    expect(notCombinable.body.error.code).toBe('tables_not_combinable');
    const tooSmall = await put(big, { status: 'seated', tableId: a.id });
    expect(tooSmall.status).toBe(422);
    expect(tooSmall.body.error).toMatchObject({ code: 'party_exceeds_capacity', details: { partySize: 8, capacity: 4 } });

    const joined = await put(big, { status: 'seated', tableIds: [a.id, b.id] });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ tableId: a.id, tableIds: [a.id, b.id] });
    const intruder = await party(2);
    expect((await put(intruder, { status: 'seated', tableId: b.id })).body.error.code).toBe('table_occupied');

    // Moving to other tables frees the ones left behind.
    const c = await h.publishTable({ capacity: 10 });
    const moved = await put(joined.body, { status: 'seated', tableIds: [c.id] });
    expect(moved.status).toBe(200);
    expect(moved.body.tableIds).toEqual([c.id]);
    expect((await put(intruder, { status: 'seated', tableId: b.id })).status).toBe(200);
  });

  it('refuses unknown and out-of-service tables and seating without a table', async () => {
    const broken = await h.publishTable({ capacity: 4, outOfService: true });
    const p = await party(2);
    expect((await put(p, { status: 'seated', tableId: broken.id })).body.error.code).toBe('table_out_of_service');
    expect((await put(p, { status: 'seated', tableId: '00000000-0000-4000-8000-000000000000' })).body.error.code).toBe('unknown_table');
    expect((await put(p, { status: 'seated' })).body.error.code).toBe('table_required');
    expect((await put(p, { tableId: broken.id })).body.error.code).toBe('tables_need_seating');
    expect((await h.call('GET', `${guests()}/${p.id}`)).body.version).toBe(1);
  });

  it('lets a manager, not a host, seat a party beyond capacity with overrideCapacity', async () => {
    const table = await h.publishTable({ capacity: 4 });
    const p = await party(6, 'Squeeze In');
    const host = await put(p, { status: 'seated', tableId: table.id, overrideCapacity: true }, h.tokens.host);
    expect(host.status).toBe(403);
    expect(host.body.error.details.requires).toBe('override');
    const manager = await put(p, { status: 'seated', tableId: table.id, overrideCapacity: true }, h.tokens.manager);
    expect(manager.status).toBe(200);
    expect(manager.headers.get('qtable-warnings')).toBe('capacity_overridden');
  });

  it('seats a party below a table minimum with a warning', async () => {
    const table = await h.publishTable({ capacity: 6, minCapacity: 4 });
    const res = await put(await party(2), { status: 'seated', tableId: table.id });
    expect(res.status).toBe(200);
    expect(res.headers.get('qtable-warnings')).toBe('below_min_capacity');
  });

  it('seats a walk-in at once on create', async () => {
    const table = await h.publishTable({ capacity: 2 });
    const res = await h.call('POST', guests(), { body: { guestName: 'Walk In', partySize: 2, status: 'seated', tableId: table.id } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'seated', tableIds: [table.id], quotedWaitMinutes: null });
    const again = await h.call('POST', guests(), { body: { guestName: 'Walk In Two', partySize: 2, status: 'seated', tableId: table.id } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('table_occupied');
    expect((await h.call('GET', `${guests()}?search=Walk%20In%20Two`)).body).toEqual([]);
  });
});

describe('status transitions', () => {
  it('walks waiting → notified → waiting → notified → seated → completed with timestamps', async () => {
    const table = await h.publishTable({ capacity: 2 });
    let p = await party(2);
    for (const status of ['notified', 'waiting', 'notified']) {
      const res = await put(p, { status });
      expect(res.status).toBe(200);
      p = res.body;
    }
    expect(p.notifiedAt).not.toBeNull();
    p = (await put(p, { status: 'seated', tableId: table.id })).body;
    p = (await put(p, { status: 'completed' })).body;
    expect(p).toMatchObject({ status: 'completed', version: 6 });
  });

  it('answers an illegal transition with 409 illegal_transition and what is allowed', async () => {
    const p = await party(2);
    const res = await put(p, { status: 'completed' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'illegal_transition', details: { from: 'waiting', to: 'completed', allowed: ['notified', 'seated', 'cancelled', 'no_show'] } });
    const cancelled = (await put(p, { status: 'cancelled' })).body;
    const final = await put(cancelled, { status: 'waiting' });
    expect(final.body.error).toMatchObject({ code: 'illegal_transition', details: { allowed: [] } });
  });

  it('lets a no-show be undone to waiting (within the window), keeping its place', async () => {
    const first = await party(2, 'Restroom Ron');
    await party(2, 'Behind Ron');
    const gone = (await put(first, { status: 'no_show' })).body;
    expect(gone.position).toBeNull();
    const back = await put(gone, { status: 'waiting' });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('waiting');
    const list = await h.call('GET', `${guests()}?status=waiting`);
    const ron = list.body.find((g: { id: string }) => g.id === first.id);
    const behind = list.body.find((g: { guestName: string }) => g.guestName === 'Behind Ron');
    expect(ron.position).toBeLessThan(behind.position);
  });

  it('frees the tables of a seated party that is deleted', async () => {
    const table = await h.publishTable({ capacity: 2 });
    const seated = (await put(await party(2), { status: 'seated', tableId: table.id })).body;
    expect((await h.call('DELETE', `${guests()}/${seated.id}?version=${seated.version}`)).status).toBe(204);
    expect((await put(await party(2), { status: 'seated', tableId: table.id })).status).toBe(200);
  });
});
