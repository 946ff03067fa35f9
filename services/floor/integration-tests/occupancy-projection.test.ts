import { randomUUID } from 'node:crypto';
import { FloorEvents, GuestEvents, Topics, type TableView } from '@qtable/contracts';
import { waitFor } from '@qtable/testing';
import { guestEvent, publish, startFloorSystem, tableBody, type FloorTestSystem, type Staff } from './support/floor-test-system';

let floor: FloorTestSystem;
beforeAll(async () => {
  floor = await startFloorSystem();
});
afterAll(() => floor?.close());

const tablesOf = (s: Staff) => `/restaurants/${s.restaurantId}/tables`;

async function newTable(staff: Staff, number: string): Promise<TableView> {
  const res = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody(number) });
  expect(res.status).toBe(201);
  return res.body;
}
const get = async (staff: Staff, id: string): Promise<TableView> => (await floor.call('GET', `${tablesOf(staff)}/${id}`, { token: staff.host })).body;
const seat = (staff: Staff, guestId: string, tableIds: string[], version: number, status: 'seated' | 'completed' | 'cancelled' | 'no_show' = 'seated') =>
  publish(floor.system, Topics.GUESTS, guestEvent(staff.restaurantId, { id: guestId, status, tableIds, version }));

describe('occupancy projection (guests → floor)', () => {
  it('shows a seated party as occupied, records table.status_changed in the outbox, delivers it on the floor topic', async () => {
    const staff = floor.restaurant();
    const table = await newTable(staff, '12');
    const guestId = randomUUID();
    await seat(staff, guestId, [table.id], 3);

    const view = await get(staff, table.id);
    expect(view).toMatchObject({ status: 'occupied', partyId: guestId, version: 2 });
    const recorded = (await floor.outbox(table.id)).at(-1)!;
    expect(recorded.type).toBe(FloorEvents.TABLE_STATUS_CHANGED);
    expect(recorded.payload).toMatchObject({ restaurantId: staff.restaurantId, aggregateVersion: 2, data: view });
    const delivered = await waitFor(
      () => floor.delivered.find((e) => e.envelope.aggregateId === table.id && e.envelope.type === FloorEvents.TABLE_STATUS_CHANGED),
      'table.status_changed delivered on the floor topic',
      5000,
    );
    expect(delivered.key).toBe(staff.restaurantId);
    expect(delivered.envelope.data).toMatchObject({ status: 'occupied', partyId: guestId });

    // The floor lists it as occupied too.
    const occupied = await floor.call('GET', `${tablesOf(staff)}?status=occupied`, { token: staff.viewer });
    expect(occupied.body.map((t: TableView) => t.id)).toEqual([table.id]);
  });

  it('occupies tables for a walk-in created seated, and spends nothing on a party created on the waitlist', async () => {
    const staff = floor.restaurant();
    const table = await newTable(staff, '21');
    const waiting = guestEvent(staff.restaurantId, { id: randomUUID(), status: 'waiting', tableIds: [], version: 1 }, GuestEvents.GUEST_CREATED);
    await publish(floor.system, Topics.GUESTS, waiting);
    expect(await floor.count('processed_event', 'event_id = ?', [waiting.id])).toBe(0);
    expect(await floor.count('projected_aggregate', 'aggregate_id = ?', [waiting.aggregateId])).toBe(0);

    const walkIn = guestEvent(staff.restaurantId, { id: randomUUID(), status: 'seated', tableIds: [table.id], version: 1 }, GuestEvents.GUEST_CREATED);
    await publish(floor.system, Topics.GUESTS, walkIn);
    expect(await get(staff, table.id)).toMatchObject({ status: 'occupied', partyId: walkIn.aggregateId });
    expect(await floor.count('processed_event', 'event_id = ?', [walkIn.id])).toBe(1);
  });

  it('refuses to delete an occupied table (409 table_occupied with the current state), and allows it once freed', async () => {
    const staff = floor.restaurant();
    const table = await newTable(staff, '5');
    const guestId = randomUUID();
    await seat(staff, guestId, [table.id], 1);
    const refused = await floor.call('DELETE', `${tablesOf(staff)}/${table.id}?version=2`, { token: staff.owner });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('table_occupied');
    expect(refused.body.error.details.current).toMatchObject({ id: table.id, status: 'occupied', partyId: guestId, version: 2 });
    expect(await floor.count('floor_table', 'id = ? and deleted_at is null', [table.id])).toBe(1);

    await seat(staff, guestId, [table.id], 2, 'completed');
    expect(await get(staff, table.id)).toMatchObject({ status: 'available', partyId: null, version: 3 });
    expect((await floor.call('DELETE', `${tablesOf(staff)}/${table.id}?version=3`, { token: staff.owner })).status).toBe(204);
  });

  it.each(['completed', 'cancelled', 'no_show'] as const)('frees every table of a party that is %s', async (status) => {
    const staff = floor.restaurant();
    const [a, b] = [await newTable(staff, '1'), await newTable(staff, '2')];
    const guestId = randomUUID();
    await seat(staff, guestId, [a.id, b.id], 4);
    expect((await get(staff, a.id)).status).toBe('occupied');
    expect((await get(staff, b.id)).partyId).toBe(guestId);
    await seat(staff, guestId, [a.id, b.id], 5, status);
    for (const t of [a, b]) {
      expect(await get(staff, t.id)).toMatchObject({ status: 'available', partyId: null, version: 3 });
      expect((await floor.outbox(t.id)).map((e) => e.type)).toEqual([FloorEvents.TABLE_CREATED, FloorEvents.TABLE_STATUS_CHANGED, FloorEvents.TABLE_STATUS_CHANGED]);
    }
  });

  it('frees the tables of a deleted guest, and moves a party between tables', async () => {
    const staff = floor.restaurant();
    const [a, b] = [await newTable(staff, '1'), await newTable(staff, '2')];
    const guestId = randomUUID();
    await seat(staff, guestId, [a.id], 1);
    await seat(staff, guestId, [b.id], 2); // moved: A frees, B occupies
    expect((await get(staff, a.id)).status).toBe('available');
    expect((await get(staff, b.id)).partyId).toBe(guestId);
    await publish(floor.system, Topics.GUESTS, guestEvent(staff.restaurantId, { id: guestId, status: 'seated', tableIds: [b.id], version: 3 }, GuestEvents.GUEST_DELETED));
    expect(await get(staff, b.id)).toMatchObject({ status: 'available', partyId: null });
  });

  it('never lets an older event overwrite a newer one, and applies a redelivered event once', async () => {
    const staff = floor.restaurant();
    const table = await newTable(staff, '7');
    const guestId = randomUUID();
    await seat(staff, guestId, [table.id], 5, 'completed');
    await seat(staff, guestId, [table.id], 4); // late: the seating that preceded the completion
    expect(await get(staff, table.id)).toMatchObject({ status: 'available', version: 1 });

    const event = guestEvent(staff.restaurantId, { id: guestId, status: 'seated', tableIds: [table.id], version: 6 });
    await publish(floor.system, Topics.GUESTS, event);
    await publish(floor.system, Topics.GUESTS, event); // at-least-once: the same event id again
    expect(await get(staff, table.id)).toMatchObject({ status: 'occupied', version: 2 });
    expect((await floor.outbox(table.id)).filter((e) => e.type === FloorEvents.TABLE_STATUS_CHANGED)).toHaveLength(1);
    expect(await floor.count('processed_event', 'event_id = ?', [event.id])).toBe(1);
  });

  it('lets out of service win over occupied, and keeps the party visible', async () => {
    const staff = floor.restaurant();
    const table = await newTable(staff, '8');
    const off = await floor.call('PUT', `${tablesOf(staff)}/${table.id}`, { token: staff.host, body: { status: 'out_of_service', version: 1 } });
    expect(off.status).toBe(200);
    const guestId = randomUUID();
    await seat(staff, guestId, [table.id], 1);
    // Status unchanged (out_of_service), but the view changed (partyId): still one event with the new view.
    expect(await get(staff, table.id)).toMatchObject({ status: 'out_of_service', partyId: guestId, version: 3 });
    const back = await floor.call('PUT', `${tablesOf(staff)}/${table.id}`, { token: staff.host, body: { status: 'available', version: 3 } });
    expect(back.body).toMatchObject({ status: 'occupied', outOfService: false, version: 4 });
  });

  it("ignores tables of another restaurant and deleted tables named in a guest event", async () => {
    const staff = floor.restaurant();
    const other = floor.restaurant();
    const theirs = await newTable(other, '1');
    const gone = await newTable(staff, '2');
    await floor.call('DELETE', `${tablesOf(staff)}/${gone.id}?version=1`, { token: staff.owner });
    await seat(staff, randomUUID(), [theirs.id, gone.id], 1);
    expect(await get(other, theirs.id)).toMatchObject({ status: 'available', partyId: null, version: 1 });
    expect(await floor.count('table_occupancy', 'table_id in (?, ?)', [theirs.id, gone.id])).toBe(0);
  });

  it('skips a malformed guest event without blocking the ones after it', async () => {
    const staff = floor.restaurant();
    const table = await newTable(staff, '3');
    const bad = guestEvent(staff.restaurantId, { id: randomUUID(), status: 'seated', tableIds: [table.id], version: 1 });
    (bad.data as Record<string, unknown>).tableIds = ['not-a-uuid'];
    await publish(floor.system, Topics.GUESTS, bad);
    const guestId = randomUUID();
    await seat(staff, guestId, [table.id], 1);
    expect((await get(staff, table.id)).partyId).toBe(guestId);
  });

  it('a host setting a table out of service while a party is seated there: both facts land, exactly one version each', async () => {
    const staff = floor.restaurant();
    const table = await newTable(staff, '9');
    const guestId = randomUUID();
    const [put] = await Promise.all([
      floor.call('PUT', `${tablesOf(staff)}/${table.id}`, { token: staff.host, body: { status: 'out_of_service', version: 1 } }),
      seat(staff, guestId, [table.id], 1),
    ]);
    // The PUT either went first (200) or found the version moved by the seating (409 with the occupied state).
    if (put.status === 409) expect(put.body.error.details.current).toMatchObject({ status: 'occupied', partyId: guestId });
    else expect(put.status).toBe(200);
    const final = await get(staff, table.id);
    expect(final.partyId).toBe(guestId);
    expect(final.version).toBe(put.status === 200 ? 3 : 2);
  });
});
