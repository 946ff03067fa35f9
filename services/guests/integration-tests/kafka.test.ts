import { GuestEvents } from '@qtable/contracts';
import { waitFor } from '@qtable/testing';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

// The same service on the real Kafka broker: floor's table events reach the projection
// through a consumer group, and guest events leave through the outbox relay to Kafka.
let h: GuestsHarness;
beforeAll(async () => {
  h = await startGuestsHarness({}, { bus: 'kafka' });
  // One consumer-group join per subscription (tables, batch decisions, restaurant zones): a
  // few seconds each on an idle machine, much more when CI runs every suite at once.
}, 120_000);
afterAll(async () => {
  await h?.close();
}, 60_000);

it('projects a floor table from Kafka, seats a party there and publishes the seating on Kafka', async () => {
  const table = await h.publishTable({ capacity: 4 });
  const p = (await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName: 'Over Kafka', partySize: 2 } })).body;
  // Kafka delivers asynchronously: retry the seating until the table has been projected.
  const seated = await waitFor(async () => {
    const res = await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${p.id}`, { body: { status: 'seated', tableId: table.id, version: 1 } });
    if (res.status !== 200) expect(res.body.error.code).toBe('unknown_table');
    return res.status === 200 ? res.body : undefined;
  }, 'table projected from Kafka', 30_000, 200);
  expect(seated.tableId).toBe(table.id);
  const event = await waitFor(
    () => h.events.find((e) => e.envelope.aggregateId === p.id && e.envelope.type === GuestEvents.GUEST_STATUS_CHANGED),
    'guest.status_changed delivered through Kafka',
    30_000,
  );
  expect(event.key).toBe(h.restaurantId);
  expect(event.envelope.data).toMatchObject({ status: 'seated', tableIds: [table.id], version: 2 });
}, 90_000);
