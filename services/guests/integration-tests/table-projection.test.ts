import { randomUUID } from 'node:crypto';
import { FloorEvents, Topics } from '@qtable/contracts';
import { newEvent } from '@qtable/events';
import type { Client } from 'pg';
import { startGuestsHarness, tableView, type GuestsHarness } from './support/guests-system';

let h: GuestsHarness;
let db: Client;
beforeAll(async () => {
  h = await startGuestsHarness();
  db = h.db;
});
afterAll(async () => {
  await h?.close();
});

const projected = async (id: string) => (await db.query(`select * from "guests"."floor_table" where "id" = $1`, [id])).rows[0];
const seat = async (tableId: string, partySize = 2) => {
  const p = (await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName: 'Probe', partySize } })).body;
  return h.call('PUT', `/restaurants/${h.restaurantId}/guests/${p.id}`, { body: { status: 'seated', tableId, version: 1 } });
};

describe("projection of floor's tables", () => {
  it('applies created, updated and status_changed in version order and ignores an older version arriving late', async () => {
    const table = await h.publishTable({ capacity: 4, number: '12' });
    await h.publishTable({ ...table, capacity: 6, version: 3 }, { type: FloorEvents.TABLE_UPDATED, version: 3 });
    // Version 2 arrives after 3 (a redelivery, a replay): it must not overwrite.
    await h.publishTable({ ...table, capacity: 2, outOfService: true, version: 2 }, { type: FloorEvents.TABLE_STATUS_CHANGED, version: 2 });
    expect(await projected(table.id)).toMatchObject({ capacity: 6, out_of_service: false, aggregate_version: 3, number: '12' });
    await h.publishTable({ ...table, capacity: 6, outOfService: true, version: 4 }, { type: FloorEvents.TABLE_STATUS_CHANGED, version: 4 });
    expect(await projected(table.id)).toMatchObject({ out_of_service: true, aggregate_version: 4 });
    expect((await seat(table.id)).body.error.code).toBe('table_out_of_service');
  });

  it('handles a redelivered event once (by event id)', async () => {
    const view = tableView(h.restaurantId, { capacity: 4 });
    const envelope = newEvent({ type: FloorEvents.TABLE_CREATED, restaurantId: h.restaurantId, aggregateId: view.id, aggregateVersion: 1, actor: null, data: view as never });
    await h.system.bus.publish([{ topic: Topics.FLOOR, key: h.restaurantId, envelope, headers: {} }]);
    await h.system.bus.publish([{ topic: Topics.FLOOR, key: h.restaurantId, envelope, headers: {} }]);
    const processed = await db.query(`select count(*)::int as n from "guests"."processed_event" where "consumer_id" = 'guests.tables' and "event_id" = $1`, [envelope.id]);
    expect(processed.rows[0].n).toBe(1);
    expect(await projected(view.id)).toMatchObject({ capacity: 4 });
  });

  it('keeps a deleted table deleted (tombstone): seating refuses it, a late update does not resurrect it', async () => {
    const table = await h.publishTable({ capacity: 4 });
    await h.publishTable({ ...table, version: 2 }, { type: FloorEvents.TABLE_DELETED, version: 2 });
    await h.publishTable({ ...table, version: 2, capacity: 8 }, { type: FloorEvents.TABLE_UPDATED, version: 2 });
    expect(await projected(table.id)).toMatchObject({ deleted: true, capacity: 4 });
    expect((await seat(table.id)).body.error.code).toBe('unknown_table');
  });

  it("treats another restaurant's table as unknown, and never lets an event move a table between restaurants", async () => {
    const other = await h.publishTable({ capacity: 4 }, { restaurantId: randomUUID() });
    expect((await seat(other.id)).body.error.code).toBe('unknown_table');
    await h.publishTable({ ...other, restaurantId: h.restaurantId, version: 5 }, { type: FloorEvents.TABLE_UPDATED, version: 5 });
    expect((await projected(other.id)).restaurant_id).toBe(other.restaurantId);
  });

  it('skips a malformed event instead of blocking the stream', async () => {
    const id = randomUUID();
    const envelope = newEvent({ type: FloorEvents.TABLE_CREATED, restaurantId: h.restaurantId, aggregateId: id, aggregateVersion: 1, actor: null, data: { id, capacity: 'lots' } });
    await h.system.bus.publish([{ topic: Topics.FLOOR, key: h.restaurantId, envelope, headers: {} }]);
    expect(await projected(id)).toBeUndefined();
    const next = await h.publishTable({ capacity: 2 });
    expect(await projected(next.id)).toBeDefined();
    const metrics = await (await fetch(`${h.system.url}/metrics`)).text();
    expect(metrics).toMatch(/guests_table_projection_events_total\{[^}]*outcome="malformed"[^}]*\} 1/);
  });
});
