import { randomUUID } from 'node:crypto';
import { FloorEvents, ReservationEvents, Topics, type TableView } from '@qtable/contracts';
import { newEvent } from '@qtable/events';
import { waitFor } from '@qtable/testing';
import { guestEvent, publish, startFloorSystem, tableBody, type FloorTestSystem, type Staff } from './support/floor-test-system';

let floor: FloorTestSystem;
beforeAll(async () => {
  // A fast sweep, so that the expiry test need not wait 30 s.
  floor = await startFloorSystem({ FLOOR_HOLD_SWEEP_INTERVAL_MS: '100' });
});
afterAll(() => floor?.close());

const tablesOf = (s: Staff) => `/restaurants/${s.restaurantId}/tables`;
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

async function newTable(staff: Staff, number: string): Promise<TableView> {
  const res = await floor.call('POST', tablesOf(staff), { token: staff.owner, body: tableBody(number) });
  expect(res.status).toBe(201);
  return res.body;
}
const get = async (staff: Staff, id: string): Promise<TableView> => (await floor.call('GET', `${tablesOf(staff)}/${id}`, { token: staff.host })).body;

/** As reservations will publish them: aggregate = the reservation. */
function holdEvent(staff: Staff, reservationId: string, version: number, held: { tableIds: string[]; holdUntil?: string } | 'released', tableIds: string[] = []) {
  const data =
    held === 'released'
      ? { reservationId, tableIds }
      : { reservationId, tableIds: held.tableIds, startsAt: new Date().toISOString(), holdUntil: held.holdUntil ?? inAnHour() };
  const type = held === 'released' ? ReservationEvents.TABLES_RELEASED : ReservationEvents.TABLES_HELD;
  return publish(floor.system, Topics.RESERVATIONS, newEvent({ type, restaurantId: staff.restaurantId, aggregateId: reservationId, aggregateVersion: version, actor: null, data }));
}

describe('holds projection (reservations → floor)', () => {
  it('shows held tables as reserved until released, with a status event each way', async () => {
    const staff = floor.restaurant();
    const [a, b] = [await newTable(staff, '1'), await newTable(staff, '2')];
    const reservationId = randomUUID();
    await holdEvent(staff, reservationId, 2, { tableIds: [a.id, b.id] });
    expect(await get(staff, a.id)).toMatchObject({ status: 'reserved', partyId: null, version: 2 });
    expect((await get(staff, b.id)).status).toBe('reserved');
    const reserved = (await floor.call('GET', `${tablesOf(staff)}?status=reserved`, { token: staff.viewer })).body;
    expect(reserved.map((t: TableView) => t.number)).toEqual(['1', '2']);

    await holdEvent(staff, reservationId, 3, 'released', [a.id, b.id]);
    expect(await get(staff, a.id)).toMatchObject({ status: 'available', version: 3 });
    expect((await floor.outbox(a.id)).map((e) => e.type)).toEqual([FloorEvents.TABLE_CREATED, FloorEvents.TABLE_STATUS_CHANGED, FloorEvents.TABLE_STATUS_CHANGED]);
    await waitFor(
      () => floor.delivered.filter((e) => e.envelope.aggregateId === a.id && e.envelope.type === FloorEvents.TABLE_STATUS_CHANGED).length === 2,
      'both status changes delivered',
      5000,
    );
  });

  it('lets occupied and out of service win over reserved', async () => {
    const staff = floor.restaurant();
    const [a, b] = [await newTable(staff, '1'), await newTable(staff, '2')];
    await holdEvent(staff, randomUUID(), 1, { tableIds: [a.id, b.id] });
    const guestId = randomUUID();
    await publish(floor.system, Topics.GUESTS, guestEvent(staff.restaurantId, { id: guestId, status: 'seated', tableIds: [a.id], version: 1 }));
    expect(await get(staff, a.id)).toMatchObject({ status: 'occupied', partyId: guestId });
    const off = await floor.call('PUT', `${tablesOf(staff)}/${b.id}`, { token: staff.host, body: { outOfService: true, version: 2 } });
    expect(off.body.status).toBe('out_of_service');
    const on = await floor.call('PUT', `${tablesOf(staff)}/${b.id}`, { token: staff.host, body: { outOfService: false, version: 3 } });
    expect(on.body.status).toBe('reserved');
  });

  it('never brings back a hold from an older event, and moves a hold to other tables', async () => {
    const staff = floor.restaurant();
    const [a, b] = [await newTable(staff, '1'), await newTable(staff, '2')];
    const reservationId = randomUUID();
    await holdEvent(staff, reservationId, 4, 'released', [a.id]);
    await holdEvent(staff, reservationId, 3, { tableIds: [a.id] }); // late
    expect(await get(staff, a.id)).toMatchObject({ status: 'available', version: 1 });

    const moved = randomUUID();
    await holdEvent(staff, moved, 1, { tableIds: [a.id] });
    await holdEvent(staff, moved, 2, { tableIds: [b.id] });
    expect((await get(staff, a.id)).status).toBe('available');
    expect((await get(staff, b.id)).status).toBe('reserved');
  });

  it('releases a hold whose holdUntil passed even if no release event comes', async () => {
    const staff = floor.restaurant();
    const table = await newTable(staff, '1');
    await holdEvent(staff, randomUUID(), 1, { tableIds: [table.id], holdUntil: new Date(Date.now() + 300).toISOString() });
    expect((await get(staff, table.id)).status).toBe('reserved');
    const freed = await waitFor(async () => ((await get(staff, table.id)).status === 'available' ? get(staff, table.id) : null), 'the expired hold released', 5000);
    expect(freed.version).toBe(3);
    expect((await floor.outbox(table.id)).at(-1)!.payload).toMatchObject({ type: FloorEvents.TABLE_STATUS_CHANGED, actor: { type: 'system' }, data: { status: 'available' } });
  });
});
