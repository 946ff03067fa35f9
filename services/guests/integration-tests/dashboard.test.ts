import { randomUUID } from 'node:crypto';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

let h: GuestsHarness;
beforeAll(async () => {
  h = await startGuestsHarness();
});
afterAll(async () => {
  await h?.close();
});

const put = (id: string, body: Record<string, unknown>) => h.call('PUT', `/restaurants/${h.restaurantId}/guests/${id}`, { body });
const create = async (guestName: string, partySize: number) => (await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName, partySize } })).body;

describe('dashboard', () => {
  it('shows tables with derived status and party, the waitlist with quotes and waits, seated parties, counts and the cursor', async () => {
    const t1 = await h.publishTable({ number: '1', capacity: 2 });
    const t2 = await h.publishTable({ number: '2', capacity: 4 });
    const t10 = await h.publishTable({ number: '10', capacity: 4, outOfService: true });
    const reserved = await h.publishTable({ number: '3', capacity: 4, status: 'reserved' });

    const seatedParty = await create('Seated Sam', 4);
    expect((await put(seatedParty.id, { status: 'seated', tableId: t2.id, version: 1 })).status).toBe(200);
    const w1 = await create('Waiting Wendy', 2);
    const w2 = await create('Waiting Walt', 4);
    await put(w2.id, { status: 'notified', version: 1 });

    // A message the devices have already seen: the snapshot's cursor must be at least this one.
    const seen = await h.system.realtimeLog.append(h.restaurantId, {
      type: 'guest_updated',
      restaurant_id: h.restaurantId,
      guest_id: w2.id,
      action: 'status_changed',
      timestamp: new Date().toISOString(),
      data: {},
    });

    const res = await h.call('GET', `/api/v1/dashboard/${h.restaurantId}`);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.cursor).toBe(seen.cursor);
    expect(body.tables.map((t: { number: string; status: string }) => [t.number, t.status])).toEqual([
      ['1', 'available'],
      ['2', 'occupied'],
      ['3', 'reserved'],
      ['10', 'out_of_service'],
    ]);
    const occupied = body.tables.find((t: { id: string }) => t.id === t2.id);
    expect(occupied).toMatchObject({ partyId: seatedParty.id, capacity: 4, party: { id: seatedParty.id, guestName: 'Seated Sam', partySize: 4, elapsedMinutes: 0 } });
    expect(body.tables.find((t: { id: string }) => t.id === t1.id).partyId).toBeNull();
    expect([t10.id, reserved.id]).toEqual(expect.arrayContaining([body.tables[2].id, body.tables[3].id]));

    expect(body.waitlist.map((g: { id: string; position: number; status: string }) => [g.id, g.position, g.status])).toEqual([
      [w1.id, 1, 'waiting'],
      [w2.id, 2, 'notified'],
    ]);
    expect(body.waitlist[0]).toMatchObject({ quotedWaitMinutes: 0, waitedMinutes: 0, estimatedWaitMinutes: 0 });
    expect(body.seated).toEqual([expect.objectContaining({ id: seatedParty.id, status: 'seated', tableIds: [t2.id], elapsedMinutes: 0, tableIssues: [] })]);
    expect(body.counts).toMatchObject({
      partiesWaiting: 2,
      coversWaiting: 6,
      partiesSeated: 1,
      coversSeated: 4,
      tablesTotal: 4,
      tablesAvailable: 1,
      tablesOccupied: 1,
      tablesReserved: 1,
      tablesOutOfService: 1,
      partiesSeatedToday: 1,
      coversSeatedToday: 4,
      dayBasis: 'UTC',
    });
    expect(body.counts.averageWaitMinutesToday).toBeGreaterThanOrEqual(0);

    // The legacy path answers the same body (apart from the moment it was generated).
    const legacy = await h.call('GET', `/restaurants/${h.restaurantId}/dashboard-data`);
    expect(legacy.status).toBe(200);
    expect({ ...legacy.body, generatedAt: null }).toEqual({ ...body, generatedAt: null });
  });

  it('flags a seated party whose table floor deleted or set out of service under it', async () => {
    const table = await h.publishTable({ number: '20', capacity: 2 });
    const p = await create('Unlucky', 2);
    expect((await put(p.id, { status: 'seated', tableId: table.id, version: 1 })).status).toBe(200);
    await h.publishTable({ ...table, outOfService: true, version: 2 }, { type: 'table.status_changed', version: 2 });
    let seated = (await h.call('GET', `/api/v1/dashboard/${h.restaurantId}`)).body.seated.find((g: { id: string }) => g.id === p.id);
    expect(seated.tableIssues).toEqual([{ tableId: table.id, issue: 'table_out_of_service' }]);
    await h.publishTable({ ...table, version: 3 }, { type: 'table.deleted', version: 3 });
    const body = (await h.call('GET', `/api/v1/dashboard/${h.restaurantId}`)).body;
    seated = body.seated.find((g: { id: string }) => g.id === p.id);
    expect(seated.tableIssues).toEqual([{ tableId: table.id, issue: 'table_deleted' }]);
    expect(body.tables.find((t: { id: string }) => t.id === table.id)).toBeUndefined();
  });

  it('moves its cursor with the realtime log and stays inside the tenant', async () => {
    const before = (await h.call('GET', `/api/v1/dashboard/${h.restaurantId}`)).body.cursor;
    const appended = await h.system.realtimeLog.append(h.restaurantId, { type: 'guest_created', restaurant_id: h.restaurantId, action: 'created', timestamp: new Date().toISOString(), data: {} });
    const after = (await h.call('GET', `/restaurants/${h.restaurantId}/dashboard-data`)).body.cursor;
    expect(after).toBe(appended.cursor);
    expect(after).not.toBe(before);
    const outsider = h.system.token({ memberships: { [randomUUID()]: 'owner' } });
    expect((await h.call('GET', `/api/v1/dashboard/${h.restaurantId}`, { token: outsider })).status).toBe(404);
    expect((await h.call('GET', `/api/v1/dashboard/${h.restaurantId}`, { token: h.tokens.viewer })).status).toBe(200);
  });
});
