import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

let h: GuestsHarness;
let db: Client;
let guest: { id: string; version: number };
let tableId: string;
let otherRestaurantTableId: string;

beforeAll(async () => {
  h = await startGuestsHarness();
  db = h.db;
  tableId = (await h.publishTable({ capacity: 4 })).id;
  otherRestaurantTableId = (await h.publishTable({ capacity: 4 }, { restaurantId: randomUUID() })).id;
  guest = (await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName: 'Stable', partySize: 2 } })).body;
  await h.system.flushOutboxes();
});
afterAll(async () => {
  await h?.close();
});

/** Every row this service writes: the suite asserts none of them moves. */
async function rows() {
  const q = async (sql: string) => (await db.query(sql)).rows;
  return {
    guests: await q(`select * from "guests"."guest" order by "id"`),
    seatings: await q(`select * from "guests"."seating" order by "id"`),
    outbox: await q(`select "id" from "guests"."outbox" order by "seq"`),
    keys: await q(`select "key" from "guests"."idempotency_key" order by "key"`),
  };
}

const G = () => `/restaurants/${h.restaurantId}/guests`;
const ONE = () => `${G()}/${guest.id}`;

// Paths and bodies are thunks: the ids they name exist only once beforeAll has run.
type Case = [name: string, method: string, path: () => string, options: () => { body?: unknown; raw?: string; headers?: Record<string, string> }, status: number, code?: string];

const cases: Case[] = [
  ['party size zero', 'POST', G, () => ({ body: { guestName: 'A', partySize: 0 } }), 400, 'validation_failed'],
  ['negative party size', 'POST', G, () => ({ body: { guestName: 'A', partySize: -3 } }), 400, 'validation_failed'],
  ['fractional party size', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2.5 } }), 400, 'validation_failed'],
  ['party size as a string', 'POST', G, () => ({ body: { guestName: 'A', partySize: '4' } }), 400, 'validation_failed'],
  ['party size above 100', 'POST', G, () => ({ body: { guestName: 'A', partySize: 101 } }), 400, 'validation_failed'],
  ['empty name', 'POST', G, () => ({ body: { guestName: '   ', partySize: 2 } }), 400, 'validation_failed'],
  ['name of 201 characters', 'POST', G, () => ({ body: { guestName: 'x'.repeat(201), partySize: 2 } }), 400, 'validation_failed'],
  ['100 kB name', 'POST', G, () => ({ body: { guestName: 'x'.repeat(100 * 1024), partySize: 2 } }), 413, 'payload_too_large'],
  ['null name', 'POST', G, () => ({ body: { guestName: null, partySize: 2 } }), 400, 'validation_failed'],
  ['unknown field', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2, vip: true } }), 400, 'validation_failed'],
  ['tags as a string', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2, tags: 'vip' } }), 400, 'validation_failed'],
  ['phone as a number', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2, phone: 5550100 } }), 400, 'validation_failed'],
  ['phone with letters', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2, phone: 'call me maybe' } }), 400, 'validation_failed'],
  ['negative quote', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2, quotedWaitMinutes: -5 } }), 400, 'validation_failed'],
  ['create with a status that cannot start', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2, status: 'completed' } }), 400, 'validation_failed'],
  ['create seated at an unknown table', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2, status: 'seated', tableId: randomUUID() } }), 422, 'unknown_table'],
  ['create seated at another restaurant’s table', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2, status: 'seated', tableId: otherRestaurantTableId } }), 422, 'unknown_table'],
  ['malformed table id', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2, status: 'seated', tableId: 'table-12' } }), 400, 'validation_failed'],
  ['malformed JSON', 'POST', G, () => ({ raw: '{"guestName": "A", "partySize": ' }), 400, 'malformed_body'],
  ['JSON array body', 'POST', G, () => ({ raw: '[1,2]' }), 400, 'validation_failed'],
  ['text body', 'POST', G, () => ({ raw: 'guestName=A', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type'],
  ['bad Idempotency-Key', 'POST', G, () => ({ body: { guestName: 'A', partySize: 2 }, headers: { 'idempotency-key': 'has spaces in it' } }), 400, 'invalid_idempotency_key'],
  ['malformed guest id', 'GET', () => `${G()}/123`, () => ({}), 400, 'validation_failed'],
  ['malformed restaurant id', 'GET', () => '/restaurants/not-a-uuid/guests', () => ({}), 400, 'validation_failed'],
  ['unknown guest', 'GET', () => `${G()}/${randomUUID()}`, () => ({}), 404, 'not_found'],
  ['status that does not exist', 'PUT', ONE, () => ({ body: { status: 'eating', version: 1 } }), 400, 'validation_failed'],
  ['illegal transition', 'PUT', ONE, () => ({ body: { status: 'completed', version: 1 } }), 409, 'illegal_transition'],
  ['seat at an unknown table', 'PUT', ONE, () => ({ body: { status: 'seated', tableId: randomUUID(), version: 1 } }), 422, 'unknown_table'],
  ['seat at another restaurant’s table', 'PUT', ONE, () => ({ body: { status: 'seated', tableId: otherRestaurantTableId, version: 1 } }), 422, 'unknown_table'],
  ['seat without a table', 'PUT', ONE, () => ({ body: { status: 'seated', version: 1 } }), 422, 'table_required'],
  ['tableId not first of tableIds', 'PUT', ONE, () => ({ body: { status: 'seated', tableId, tableIds: [randomUUID(), tableId], version: 1 } }), 400, 'table_mismatch'],
  ['duplicate joined tables', 'PUT', ONE, () => ({ body: { status: 'seated', tableIds: [tableId, tableId], version: 1 } }), 400, 'validation_failed'],
  ['nine joined tables', 'PUT', ONE, () => ({ body: { status: 'seated', tableIds: Array.from({ length: 9 }, () => randomUUID()), version: 1 } }), 400, 'validation_failed'],
  ['version as a string', 'PUT', ONE, () => ({ body: { notes: 'x', version: '1' } }), 400, 'validation_failed'],
  ['no version', 'PUT', ONE, () => ({ body: { notes: 'x' } }), 428, 'version_required'],
  ['garbage If-Match', 'PUT', ONE, () => ({ body: { notes: 'x' }, headers: { 'if-match': 'yesterday' } }), 400, 'invalid_if_match'],
  ['stale version', 'PUT', ONE, () => ({ body: { notes: 'x', version: 99 } }), 409, 'version_conflict'],
  ['unknown field on update', 'PUT', ONE, () => ({ body: { notes: 'x', version: 1, color: 'red' } }), 400, 'validation_failed'],
  ['notes of 2001 characters', 'PUT', ONE, () => ({ body: { notes: 'n'.repeat(2001), version: 1 } }), 400, 'validation_failed'],
  ['party size zero on update', 'PUT', ONE, () => ({ body: { partySize: 0, version: 1 } }), 400, 'validation_failed'],
  ['delete without version', 'DELETE', ONE, () => ({}), 428, 'version_required'],
  ['delete with a non-numeric version', 'DELETE', () => `${ONE()}?version=abc`, () => ({}), 400, 'validation_failed'],
  ['delete at a stale version', 'DELETE', () => `${ONE()}?version=5`, () => ({}), 409, 'version_conflict'],
  ['list by a status that does not exist', 'GET', () => `${G()}?status=eating`, () => ({}), 400, 'validation_failed'],
  ['list with a non-numeric limit', 'GET', () => `${G()}?limit=many`, () => ({}), 400, 'validation_failed'],
  ['list with a loose date', 'GET', () => `${G()}?createdFrom=yesterday`, () => ({}), 400, 'validation_failed'],
  ['list with an unknown parameter', 'GET', () => `${G()}?sort=name`, () => ({}), 400, 'validation_failed'],
  ['list by a malformed table id', 'GET', () => `${G()}?tableId=12`, () => ({}), 400, 'validation_failed'],
  ['wait quote for zero people', 'GET', () => `/restaurants/${h.restaurantId}/wait-quote?partySize=0`, () => ({}), 400, 'validation_failed'],
  ['batch that is not a list', 'POST', () => `/restaurants/${h.restaurantId}/batch-update`, () => ({ body: { operations: { op: 'create' } } }), 400, 'validation_failed'],
  ['batch op with a negative party', 'POST', () => `/restaurants/${h.restaurantId}/batch-update`, () => ({ body: { operations: [{ op: 'create', data: { guestName: 'B', partySize: -1 } }] } }), 400, 'validation_failed'],
];

describe('bad input', () => {
  it.each(cases)('%s: %s answers the error body, writes nothing', async (_name, method, path, options, status, code) => {
    const before = await rows();
    const res = await h.call(method, path(), options());
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
    expect(await rows()).toEqual(before);
  });

  it('left the party exactly as created', async () => {
    const res = await h.call('GET', ONE());
    expect(res.body).toEqual(guest);
  });
});
