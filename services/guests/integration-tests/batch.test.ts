import { randomUUID } from 'node:crypto';
import { GuestEvents } from '@qtable/contracts';
import { waitFor } from '@qtable/testing';
import type { Client } from 'pg';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

let h: GuestsHarness;
let db: Client;
beforeAll(async () => {
  h = await startGuestsHarness();
  db = h.db;
});
afterAll(async () => {
  await h?.close();
});

const batch = (operations: unknown[], headers: Record<string, string> = {}) => h.call('POST', `/restaurants/${h.restaurantId}/batch-update`, { body: { operations }, headers });
const party = async (guestName: string, partySize = 2) => (await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName, partySize } })).body;
/** Every guest row and active seating of the restaurant: what "nothing was applied" compares. */
const snapshot = async () => ({
  guests: (await db.query(`select "id", "status", "version", "table_ids", "guest_name" from "guests"."guest" where "restaurant_id" = $1 order by "id"`, [h.restaurantId])).rows,
  seatings: (await db.query(`select "table_id", "guest_id" from "guests"."seating" where "restaurant_id" = $1 and "released_at" is null order by "table_id"`, [h.restaurantId])).rows,
  outbox: (await db.query(`select count(*)::int as n from "guests"."outbox"`)).rows[0].n,
});

describe('batch-update', () => {
  it('applies creates, a table swap and a delete in one transaction, with one batch.completed listing them', async () => {
    const t1 = await h.publishTable({ capacity: 4 });
    const seatedHere = await party('Leaving Soon', 4);
    const seated = (await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${seatedHere.id}`, { body: { status: 'seated', tableId: t1.id, version: 1 } })).body;
    const next = await party('Next Up', 3);
    const mistake = await party('Typo Party');

    const res = await batch([
      { op: 'free_table', tableId: t1.id, guestId: seated.id, version: seated.version },
      { op: 'update', guestId: next.id, version: 1, data: { status: 'seated', tableId: t1.id } },
      { op: 'create', data: { guestName: 'Late Arrival', partySize: 2 } },
      { op: 'delete', guestId: mistake.id, version: 1 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { op: string; result: string }) => [r.op, r.result])).toEqual([
      ['free_table', 'status_changed'],
      ['update', 'status_changed'],
      ['create', 'created'],
      ['delete', 'deleted'],
    ]);
    expect(res.body.results[1].guest).toMatchObject({ id: next.id, status: 'seated', tableId: t1.id, version: 2 });
    expect((await h.call('GET', `/restaurants/${h.restaurantId}/guests/${seated.id}`)).body.status).toBe('completed');

    const done = await waitFor(() => h.events.find((e) => e.envelope.type === GuestEvents.BATCH_COMPLETED && e.envelope.aggregateId === res.body.batchId), 'batch.completed');
    expect(done.envelope.restaurantId).toBe(h.restaurantId);
    expect(done.envelope.data).toMatchObject({
      batchId: res.body.batchId,
      changes: [
        { index: 0, op: 'free_table', guestId: seated.id },
        { index: 1, op: 'update', guestId: next.id },
        { index: 2, op: 'create' },
        { index: 3, op: 'delete', guestId: mistake.id },
      ],
      deletedGuestIds: [mistake.id],
    });
    expect((done.envelope.data.guests as { id: string }[]).map((g) => g.id).sort()).toEqual([seated.id, next.id, res.body.results[2].guestId].sort());
    // The individual events committed in the same transaction, before the batch event.
    const seq = h.events.map((e) => e.envelope.type);
    const at = seq.lastIndexOf(GuestEvents.BATCH_COMPLETED);
    expect(seq.slice(at - 4, at)).toEqual([GuestEvents.GUEST_STATUS_CHANGED, GuestEvents.GUEST_STATUS_CHANGED, GuestEvents.GUEST_CREATED, GuestEvents.GUEST_DELETED]);
  });

  it('applies nothing when one operation fails, and names it by index (409 table_occupied)', async () => {
    const table = await h.publishTable({ capacity: 4 });
    const sitting = await party('Sitting');
    await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${sitting.id}`, { body: { status: 'seated', tableId: table.id, version: 1 } });
    const a = await party('A');
    const b = await party('B');
    const before = await snapshot();
    const res = await batch([
      { op: 'update', guestId: a.id, version: 1, data: { notes: 'changed' } },
      { op: 'create', data: { guestName: 'New', partySize: 2 } },
      { op: 'update', guestId: b.id, version: 1, data: { status: 'seated', tableId: table.id } },
    ]);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'table_occupied', details: { index: 2, op: 'update', cause: { tableId: table.id, occupiedBy: { id: sitting.id } } } });
    expect(res.body.error.message).toMatch(/Operation 2 \(update\) failed, nothing was applied/);
    expect(await snapshot()).toEqual(before);
  });

  it('answers a stale version in a batch with 409 naming the operation, and a missing guest with 422', async () => {
    const a = await party('Stale');
    const before = await snapshot();
    const stale = await batch([{ op: 'create', data: { guestName: 'X', partySize: 1 } }, { op: 'update', guestId: a.id, version: 9, data: { notes: 'x' } }]);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', details: { index: 1, cause: { current: { id: a.id, version: 1 } } } });
    const missing = await batch([{ op: 'delete', guestId: randomUUID(), version: 1 }]);
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'not_found', details: { index: 0, op: 'delete' } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses floor-plan operations a batch cannot carry with 422 batch_spans_services, naming them, before applying anything', async () => {
    const table = await h.publishTable({ capacity: 4 });
    const before = await snapshot();
    const res = await batch([
      { op: 'create', data: { guestName: 'Y', partySize: 2 } },
      { op: 'delete_table', tableId: table.id, version: 1 },
      { op: 'create_section', data: { name: 'Patio' } },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('batch_spans_services');
    expect(res.body.error.details.operations).toEqual([
      { index: 1, op: 'delete_table' },
      { index: 2, op: 'create_section' },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 503 dependency_unavailable for table operations when floor is not configured, applying nothing; guest batches still work', async () => {
    const table = await h.publishTable({ capacity: 4 });
    const before = await snapshot();
    const res = await batch([
      { op: 'create', data: { guestName: 'Y', partySize: 2 } },
      { op: 'set_table_out_of_service', tableId: table.id, version: 1 },
    ]);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('dependency_unavailable');
    expect(await snapshot()).toEqual(before);
    expect((await batch([{ op: 'create', data: { guestName: 'Y', partySize: 2 } }])).status).toBe(200);
  });

  it('validates every operation (400 with the path of the bad field), and at most 100 of them', async () => {
    const bad = await batch([{ op: 'create', data: { guestName: 'Z', partySize: 2 } }, { op: 'create', data: { guestName: 'Z', partySize: 0 } }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('body.operations.1.data.partySize');
    expect((await batch([{ op: 'launch', data: {} }])).status).toBe(400);
    expect((await batch([])).status).toBe(400);
    const tooMany = Array.from({ length: 101 }, () => ({ op: 'create', data: { guestName: 'N', partySize: 1 } }));
    expect((await batch(tooMany)).status).toBe(400);
  });

  it('runs 100 operations in one go and replays it for a retried Idempotency-Key', async () => {
    const ops = Array.from({ length: 100 }, (_, i) => ({ op: 'create', data: { guestName: `Bulk ${i}`, partySize: 2, quotedWaitMinutes: 15 } }));
    const key = randomUUID();
    const first = await batch(ops, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(100);
    const retry = await batch(ops, { 'idempotency-key': key });
    expect(retry.body).toEqual(first.body);
    expect((await h.call('GET', `/restaurants/${h.restaurantId}/guests?search=Bulk&limit=1`)).headers.get('x-total-count')).toBe('100');
  });

  it('lets a later operation build on an earlier one: move a party, then seat another at the table it left', async () => {
    const [t1, t2] = [await h.publishTable({ capacity: 4 }), await h.publishTable({ capacity: 4 })];
    const p = await party('Mover');
    const seated = (await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${p.id}`, { body: { status: 'seated', tableId: t1.id, version: 1 } })).body;
    const q = await party('Taker');
    const res = await batch([
      { op: 'move_party', guestId: seated.id, version: seated.version, tableIds: [t2.id] },
      { op: 'update', guestId: q.id, version: 1, data: { status: 'seated', tableId: t1.id } },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { guest: { tableId: string } }) => r.guest.tableId)).toEqual([t2.id, t1.id]);
  });

  it('needs the override permission inside a batch too', async () => {
    const table = await h.publishTable({ capacity: 2 });
    const p = await party('Big', 5);
    const op = { op: 'update', guestId: p.id, version: 1, data: { status: 'seated', tableId: table.id, overrideCapacity: true } };
    expect((await h.call('POST', `/restaurants/${h.restaurantId}/batch-update`, { body: { operations: [op] }, token: h.tokens.host })).status).toBe(403);
    expect((await h.call('POST', `/restaurants/${h.restaurantId}/batch-update`, { body: { operations: [op] }, token: h.tokens.manager })).status).toBe(200);
  });
});
