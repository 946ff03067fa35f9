import { randomUUID } from 'node:crypto';
import { FloorEvents, Topics, type TableView } from '@qtable/contracts';
import { waitFor } from '@qtable/testing';
import { guestEvent, publish, startFloorSystem, tableBody, type FloorTestSystem } from './support/floor-test-system';

let floor: FloorTestSystem;
beforeAll(async () => {
  floor = await startFloorSystem({}, 'kafka');
}, 60_000);
afterAll(() => floor?.close());

describe('occupancy projection over the real Kafka broker', () => {
  it('projects a seating once despite a redelivery, and publishes table.status_changed keyed by restaurant', async () => {
    const staff = floor.restaurant();
    const path = `/restaurants/${staff.restaurantId}/tables`;
    const { body: table } = (await floor.call('POST', path, { token: staff.owner, body: tableBody('12') })) as { body: TableView };
    const guestId = randomUUID();
    const seated = guestEvent(staff.restaurantId, { id: guestId, status: 'seated', tableIds: [table.id], version: 1 });
    await publish(floor.system, Topics.GUESTS, seated);
    await publish(floor.system, Topics.GUESTS, seated);

    const view = await waitFor(async () => {
      const res = await floor.call('GET', `${path}/${table.id}`, { token: staff.host });
      return res.body.status === 'occupied' ? (res.body as TableView) : null;
    }, 'the seating projected from Kafka', 20_000);
    expect(view).toMatchObject({ partyId: guestId, version: 2 });

    const delivered = await waitFor(
      () => floor.delivered.find((e) => e.envelope.aggregateId === table.id && e.envelope.type === FloorEvents.TABLE_STATUS_CHANGED),
      'table.status_changed on the floor topic',
      20_000,
    );
    expect(delivered.key).toBe(staff.restaurantId);
    // Events of one key are consumed in order: once the completion shows, the duplicate was handled, without a second change.
    const completed = guestEvent(staff.restaurantId, { id: guestId, status: 'completed', tableIds: [table.id], version: 2 });
    await publish(floor.system, Topics.GUESTS, completed);
    await waitFor(async () => (await floor.call('GET', `${path}/${table.id}`, { token: staff.host })).body.status === 'available', 'the party freed', 20_000);
    expect((await floor.outbox(table.id)).filter((e) => e.type === FloorEvents.TABLE_STATUS_CHANGED)).toHaveLength(2);
  }, 60_000);
});
