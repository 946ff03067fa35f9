import { randomUUID } from 'node:crypto';
import { GuestEvents } from '@qtable/contracts';
import { waitFor } from '@qtable/testing';
import { startCrossServiceHarness, type CrossServiceHarness } from './support/cross-service-system';

// The cross-service batch (docs/batch.md) against the real floor service and PostgreSQL:
// floor prepares, guests' transaction decides, floor applies on batch.decided, and one
// batch.completed lists both parts.

let h: CrossServiceHarness;
let floorDown = false;
/** A second system whose floor gives up on undecided batches after 1.5 s, with a seam between prepare and commit. */
let slow: CrossServiceHarness;
let onPrepared: (batchId: string) => Promise<void> = async () => {};

beforeAll(async () => {
  h = await startCrossServiceHarness({ floorUrl: () => (floorDown ? 'http://127.0.0.1:9' : h.system.url) });
  slow = await startCrossServiceHarness({
    env: { FLOOR_BATCH_DECISION_TIMEOUT_MS: '1500', FLOOR_BATCH_SWEEP_INTERVAL_MS: '100' },
    guests: { afterPrepare: (batchId) => onPrepared(batchId) },
  });
});
afterAll(async () => {
  await h?.close();
  await slow?.close();
});

const rid = (s: CrossServiceHarness) => s.restaurantId;
const batch = (s: CrossServiceHarness, operations: unknown[], token?: string) => s.call('POST', `/restaurants/${rid(s)}/batch-update`, { body: { operations }, token });
const getTable = async (s: CrossServiceHarness, id: string) => (await s.call('GET', `/restaurants/${rid(s)}/tables/${id}`)).body;

/** A floor table, once guests' projection knows it (seating checks read the projection). */
async function table(s: CrossServiceHarness, number: string) {
  const res = await s.call('POST', `/restaurants/${rid(s)}/tables`, { body: { number, capacity: 4 }, token: s.tokens.owner });
  expect(res.status).toBe(201);
  await waitFor(async () => (await s.db.query(`select 1 from "guests"."floor_table" where "id" = $1`, [res.body.id])).rowCount, 'guests to learn the table');
  return res.body as { id: string; version: number };
}

/** A party seated at `tableId`, once floor shows the table occupied (so its version is settled). */
async function seated(s: CrossServiceHarness, tableId: string) {
  const res = await s.call('POST', `/restaurants/${rid(s)}/guests`, { body: { guestName: 'Lee', partySize: 2, status: 'seated', tableId } });
  expect(res.status).toBe(201);
  await waitFor(async () => (await getTable(s, tableId)).status === 'occupied', 'floor to show the table occupied');
  return res.body as { id: string; version: number };
}

const completedOf = (s: CrossServiceHarness, batchId: string) =>
  s.events.filter((e) => e.envelope.type === GuestEvents.BATCH_COMPLETED && e.envelope.aggregateId === batchId);
const locks = async (s: CrossServiceHarness) => Number((await s.db.query(`select count(*) from "floor"."batch_table_lock" where "restaurant_id" = $1`, [rid(s)])).rows[0].count);
const prepared = async (s: CrossServiceHarness) =>
  (await s.db.query(`select "batch_id", "state" from "floor"."prepared_batch" where "restaurant_id" = $1 order by "prepared_at"`, [rid(s)])).rows as { batch_id: string; state: string }[];
const decision = async (s: CrossServiceHarness, batchId: string) =>
  ((await s.db.query(`select "decision" from "guests"."batch_decision" where "batch_id" = $1`, [batchId])).rows[0]?.decision as string | undefined) ?? null;
const guestCount = async (s: CrossServiceHarness) => Number((await s.db.query(`select count(*) from "guests"."guest" where "restaurant_id" = $1`, [rid(s)])).rows[0].count);

describe('cross-service batch-update', () => {
  it('applies guest and table operations together and sends ONE batch.completed listing all of them', async () => {
    const [a, b, c] = [await table(h, 'A1'), await table(h, 'B1'), await table(h, 'C1')];
    const lee = await seated(h, a.id);
    const aNow = await getTable(h, a.id);
    const res = await batch(h, [
      { op: 'move_party', guestId: lee.id, version: lee.version, tableIds: [b.id] },
      { op: 'set_table_out_of_service', tableId: a.id, version: aNow.version },
      { op: 'create', data: { guestName: 'Walk In', partySize: 2 } },
      { op: 'update_table', tableId: c.id, version: c.version, data: { x: 120, capacity: 6 } },
    ], h.tokens.manager);
    expect(res.status).toBe(200);
    const { batchId } = res.body;
    expect(res.body.results.map((r: { index: number; result: string }) => [r.index, r.result])).toEqual([
      [0, 'status_changed'],
      [1, 'accepted'],
      [2, 'created'],
      [3, 'accepted'],
    ]);

    const [completed] = await waitFor(() => (completedOf(h, batchId).length > 0 ? completedOf(h, batchId) : null), 'batch.completed');
    const data = completed.envelope.data as { changes: { index: number; tableId?: string; guestId?: string }[]; tables: { id: string; outOfService: boolean; x: number; capacity: number }[]; guests: { id: string; tableIds: string[] }[] };
    expect(data.changes.map((change) => change.index)).toEqual([0, 1, 2, 3]);
    expect(data.changes[1]).toMatchObject({ tableId: a.id, result: 'updated' });
    expect(data.tables.find((t) => t.id === a.id)).toMatchObject({ outOfService: true });
    expect(data.tables.find((t) => t.id === c.id)).toMatchObject({ x: 120, capacity: 6 });
    expect(data.guests.find((g) => g.id === lee.id)?.tableIds).toEqual([b.id]);
    expect(data.guests).toHaveLength(2);

    expect(await getTable(h, a.id)).toMatchObject({ outOfService: true, status: 'out_of_service' });
    expect(await getTable(h, c.id)).toMatchObject({ x: 120, capacity: 6 });
    expect(await locks(h)).toBe(0);
    expect(await decision(h, batchId)).toBe('committed');
    // Exactly one, also after every outbox is drained again.
    await h.system.flushOutboxes();
    await h.system.flushOutboxes();
    expect(completedOf(h, batchId)).toHaveLength(1);
  });

  it('a failing guest operation after floor prepared: floor applies nothing and releases its locks', async () => {
    const a = await table(h, 'A2');
    const before = await guestCount(h);
    const res = await batch(h, [
      { op: 'set_table_out_of_service', tableId: a.id, version: a.version },
      { op: 'create', data: { guestName: 'Ok', partySize: 2 } },
      { op: 'delete', guestId: randomUUID(), version: 1 },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'not_found', details: { index: 2, op: 'delete' } });
    const [row] = (await prepared(h)).slice(-1);
    expect(await decision(h, row.batch_id)).toBe('aborted');
    await waitFor(async () => (await prepared(h)).find((p) => p.batch_id === row.batch_id)?.state === 'aborted', 'floor to drop the batch');
    expect(await locks(h)).toBe(0);
    expect(await guestCount(h)).toBe(before);
    const after = await getTable(h, a.id);
    expect(after).toMatchObject({ outOfService: false, version: a.version });
    // Writable again.
    expect((await h.call('PUT', `/restaurants/${rid(h)}/tables/${a.id}`, { body: { status: 'out_of_service', version: a.version } })).status).toBe(200);
    expect(completedOf(h, row.batch_id)).toHaveLength(0);
  });

  it('a failing table operation (stale version) applies nothing anywhere and names the operation', async () => {
    const a = await table(h, 'A3');
    const guests = await guestCount(h);
    const batches = (await prepared(h)).length;
    const res = await batch(h, [
      { op: 'create', data: { guestName: 'Never', partySize: 2 } },
      { op: 'set_table_status', tableId: a.id, version: a.version + 5, status: 'out_of_service' },
    ]);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'version_conflict', details: { index: 1, op: 'set_table_status', cause: { current: { id: a.id, version: a.version } } } });
    expect(await guestCount(h)).toBe(guests);
    expect((await prepared(h)).length).toBe(batches);
    expect(await locks(h)).toBe(0);
  });

  it('refuses layout changes by a host (403, with the index) and unknown tables (422 not_found)', async () => {
    const a = await table(h, 'A4');
    const host = await batch(h, [{ op: 'update_table', tableId: a.id, version: a.version, data: { capacity: 8 } }], h.tokens.host);
    expect(host.status).toBe(403);
    expect(host.body.error.details).toMatchObject({ index: 0, op: 'update_table' });
    const unknown = await batch(h, [{ op: 'set_table_out_of_service', tableId: randomUUID(), version: 1 }]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', details: { index: 0 } });
  });

  it('floor unreachable: a batch with table operations fails fast with 503 and applies nothing; guest batches are unaffected', async () => {
    const a = await table(h, 'A5');
    const guests = await guestCount(h);
    floorDown = true;
    try {
      const started = Date.now();
      const res = await batch(h, [
        { op: 'create', data: { guestName: 'Never', partySize: 2 } },
        { op: 'set_table_out_of_service', tableId: a.id, version: a.version },
      ]);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('dependency_unavailable');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await guestCount(h)).toBe(guests);
      expect((await batch(h, [{ op: 'create', data: { guestName: 'Fine', partySize: 2 } }])).status).toBe(200);
    } finally {
      floorDown = false;
    }
    expect((await getTable(h, a.id)).outOfService).toBe(false);
  });

  it('internal endpoints refuse a missing or wrong secret and a user token (401)', async () => {
    const id = randomUUID();
    const body = { restaurantId: rid(h), actorId: 'x', operations: [{ index: 0, op: 'set_table_out_of_service', tableId: randomUUID(), version: 1, changes: { outOfService: true } }] };
    for (const path of [`/internal/batches/${id}/prepare`, `/internal/batches/${id}/decision`]) {
      for (const authorization of [undefined, `Bearer ${h.secret}x`, `Bearer ${h.tokens.owner}`, h.secret]) {
        const res = await fetch(`${h.system.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify(path.endsWith('prepare') ? body : { restaurantId: rid(h) }),
        });
        expect(res.status).toBe(401);
      }
    }
    // With the secret, the decision endpoint answers (and a batch never prepared is aborted).
    const ok = await fetch(`${h.system.url}/internal/batches/${id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.secret}` },
      body: JSON.stringify({ restaurantId: rid(h) }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ batchId: id, decision: 'aborted' });
  });
});

describe('cross-service batch-update: locks, crash and presumed abort', () => {
  afterEach(() => {
    onPrepared = async () => {};
  });

  it('another writer touching a prepared table gets 409 table_locked_by_batch; the batch then commits', async () => {
    const a = await table(slow, 'L1');
    let refused: { status: number; body: { error: { code: string; details: { batchId: string; tableId: string } } } } | undefined;
    let prepared: string | undefined;
    onPrepared = async (batchId) => {
      prepared = batchId;
      refused = await slow.call('PUT', `/restaurants/${rid(slow)}/tables/${a.id}`, { body: { status: 'out_of_service', version: a.version } });
    };
    const res = await batch(slow, [{ op: 'update_table', tableId: a.id, version: a.version, data: { outOfService: true, rotation: -90 } }], slow.tokens.manager);
    expect(res.status).toBe(200);
    expect(refused?.status).toBe(409);
    expect(refused?.body.error).toMatchObject({ code: 'table_locked_by_batch', details: { batchId: prepared, tableId: a.id } });
    await waitFor(async () => (await getTable(slow, a.id)).outOfService === true, 'floor to apply the batch');
    expect(await getTable(slow, a.id)).toMatchObject({ rotation: 270, version: a.version + 1 });
    expect(await locks(slow)).toBe(0);
  });

  it('presumed abort: guests crashes between prepare and commit; floor asks after the timeout, aborts, and the table is writable again', async () => {
    const a = await table(slow, 'C1');
    const guests = await guestCount(slow);
    let crashed: string | undefined;
    onPrepared = async (batchId) => {
      crashed = batchId;
      throw new Error('simulated crash between prepare and commit');
    };
    const res = await batch(slow, [
      { op: 'create', data: { guestName: 'Lost', partySize: 2 } },
      { op: 'set_table_out_of_service', tableId: a.id, version: a.version },
    ]);
    expect(res.status).toBe(500);
    expect(crashed).toBeDefined();
    expect(await decision(slow, crashed!)).toBeNull();
    const locked = await slow.call('PUT', `/restaurants/${rid(slow)}/tables/${a.id}`, { body: { status: 'out_of_service', version: a.version } });
    expect(locked.body.error.code).toBe('table_locked_by_batch');

    await waitFor(async () => (await prepared(slow)).find((p) => p.batch_id === crashed)?.state === 'aborted', 'the sweeper to abort the batch', 10_000);
    expect(await decision(slow, crashed!)).toBe('aborted');
    expect(await locks(slow)).toBe(0);
    expect(await guestCount(slow)).toBe(guests);
    const put = await slow.call('PUT', `/restaurants/${rid(slow)}/tables/${a.id}`, { body: { status: 'out_of_service', version: a.version } });
    expect(put.status).toBe(200);
  });

  it('a commit that loses the decision race to the abort fails cleanly (409 batch_aborted), nothing applied', async () => {
    const a = await table(slow, 'R1');
    const guests = await guestCount(slow);
    let raced: string | undefined;
    onPrepared = async (batchId) => {
      raced = batchId;
      // Guests stalls past floor's timeout: the sweeper asks and "aborted" is written first.
      await waitFor(async () => (await decision(slow, batchId)) === 'aborted', 'the sweeper to decide abort', 10_000);
    };
    const res = await batch(slow, [
      { op: 'create', data: { guestName: 'Late', partySize: 2 } },
      { op: 'set_table_out_of_service', tableId: a.id, version: a.version },
    ]);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'batch_aborted', details: { batchId: raced } });
    expect(await decision(slow, raced!)).toBe('aborted');
    expect(await guestCount(slow)).toBe(guests);
    await waitFor(async () => (await locks(slow)) === 0, 'the locks to be released');
    expect(await getTable(slow, a.id)).toMatchObject({ outOfService: false, version: a.version });
  });
});
