import { randomUUID } from 'node:crypto';
import { GuestEvents, Topics } from '@qtable/contracts';
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
const create = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const res = await h.call('POST', guests(), { body, headers });
  expect(res.status).toBe(201);
  return res.body;
};

describe('guests CRUD', () => {
  it('creates a party with exactly the GuestView fields, an ETag and a Location, and records guest.created', async () => {
    const res = await h.call('POST', guests(), { body: { guestName: 'John Doe', partySize: 4, phone: '+1 555 0100', tags: ['vip'] } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      ['id', 'restaurantId', 'guestName', 'partySize', 'phone', 'notes', 'tags', 'status', 'tableId', 'tableIds', 'quotedWaitMinutes', 'position', 'reservationId', 'createdAt', 'notifiedAt', 'seatedAt', 'completedAt', 'version'].sort(),
    );
    expect(res.body).toMatchObject({ guestName: 'John Doe', partySize: 4, status: 'waiting', tableId: null, tableIds: [], version: 1, restaurantId: h.restaurantId });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`${guests()}/${res.body.id}`);
    const read = await h.call('GET', `${guests()}/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
    expect(read.headers.get('etag')).toBe('"1"');

    const event = await waitFor(() => h.events.find((e) => e.envelope.aggregateId === res.body.id), 'guest.created delivered');
    expect(event.topic).toBe(Topics.GUESTS);
    expect(event.key).toBe(h.restaurantId);
    expect(event.envelope).toMatchObject({ type: GuestEvents.GUEST_CREATED, restaurantId: h.restaurantId, aggregateVersion: 1, actor: { type: 'user' }, data: res.body });
  });

  it('updates fields with a version (body or If-Match), records guest.updated, and answers a stale version with 409 and the current state', async () => {
    const party = await create({ guestName: 'Ann Lee', partySize: 2 });
    const first = await h.call('PUT', `${guests()}/${party.id}`, { body: { notes: 'window seat', version: 1 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ notes: 'window seat', version: 2 });
    expect(first.headers.get('etag')).toBe('"2"');
    const viaHeader = await h.call('PUT', `${guests()}/${party.id}`, { body: { partySize: 3 }, headers: { 'if-match': '"2"' } });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body).toMatchObject({ partySize: 3, version: 3 });

    const stale = await h.call('PUT', `${guests()}/${party.id}`, { body: { guestName: 'Overwrite', version: 2 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(stale.body.error.details.current).toMatchObject({ id: party.id, guestName: 'Ann Lee', version: 3 });
    expect((await h.call('GET', `${guests()}/${party.id}`)).body.guestName).toBe('Ann Lee');

    const missing = await h.call('PUT', `${guests()}/${party.id}`, { body: { guestName: 'No version' } });
    expect(missing.status).toBe(428);

    await h.system.flushOutboxes();
    const updates = await waitFor(() => {
      const found = h.events.filter((e) => e.envelope.aggregateId === party.id && e.envelope.type === GuestEvents.GUEST_UPDATED);
      return found.length === 2 ? found : undefined;
    }, 'two guest.updated');
    expect(updates.map((e) => e.envelope.aggregateVersion)).toEqual([2, 3]);
  });

  it('accepts the whole view sent back (read-only fields ignored) and treats an unchanged PUT as no change', async () => {
    const party = await create({ guestName: 'Echo Park', partySize: 2 });
    const res = await h.call('PUT', `${guests()}/${party.id}`, { body: { ...party, notes: 'booth please' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ notes: 'booth please', version: 2 });
    const same = await h.call('PUT', `${guests()}/${party.id}`, { body: { ...res.body } });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(2);
    const otherId = await h.call('PUT', `${guests()}/${party.id}`, { body: { ...res.body, id: randomUUID() } });
    expect(otherId.status).toBe(400);
  });

  it('deletes with a version only, freeing nothing else, and records guest.deleted', async () => {
    const party = await create({ guestName: 'Mistake', partySize: 2 });
    expect((await h.call('DELETE', `${guests()}/${party.id}`)).status).toBe(428);
    const stale = await h.call('DELETE', `${guests()}/${party.id}?version=7`);
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.version).toBe(1);
    expect((await h.call('DELETE', `${guests()}/${party.id}`, { headers: { 'if-match': '"1"' } })).status).toBe(204);
    expect((await h.call('GET', `${guests()}/${party.id}`)).status).toBe(404);
    const event = await waitFor(() => h.events.find((e) => e.envelope.aggregateId === party.id && e.envelope.type === GuestEvents.GUEST_DELETED), 'guest.deleted');
    expect(event.envelope.aggregateVersion).toBe(2);
  });

  it('keeps other tenants out: 404 for another restaurant, 403 for a viewer writing', async () => {
    const party = await create({ guestName: 'Private', partySize: 2 });
    const outsider = h.system.token({ memberships: { [randomUUID()]: 'owner' } });
    expect((await h.call('GET', `${guests()}/${party.id}`, { token: outsider })).status).toBe(404);
    expect((await h.call('GET', guests(), { token: outsider })).status).toBe(404);
    // A guest id of this restaurant under another restaurant the caller owns: 404 as well.
    const otherRestaurant = randomUUID();
    const both = h.system.token({ memberships: { [otherRestaurant]: 'owner' } });
    expect((await h.call('GET', `/restaurants/${otherRestaurant}/guests/${party.id}`, { token: both })).status).toBe(404);
    const viewer = await h.call('POST', guests(), { token: h.tokens.viewer, body: { guestName: 'V', partySize: 2 } });
    expect(viewer.status).toBe(403);
    expect((await h.call('GET', guests(), { token: h.tokens.viewer })).status).toBe(200);
  });
});

describe('idempotent create', () => {
  it('replays the first result for a retry with the same Idempotency-Key, never a second party', async () => {
    const key = randomUUID();
    const body = { guestName: 'Retry Rita', partySize: 3 };
    const first = await h.call('POST', guests(), { body, headers: { 'idempotency-key': key } });
    const retry = await h.call('POST', guests(), { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const reused = await h.call('POST', guests(), { body: { ...body, partySize: 4 }, headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
    const list = await h.call('GET', `${guests()}?search=Retry%20Rita`);
    expect(list.body).toHaveLength(1);
  });

  it('creates one party for two concurrent requests with the same key', async () => {
    const key = randomUUID();
    const body = { guestName: 'Twin Request', partySize: 2 };
    const [a, b] = await Promise.all([0, 1].map(() => h.call('POST', guests(), { body, headers: { 'idempotency-key': key } })));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const list = await h.call('GET', `${guests()}?search=Twin%20Request`);
    expect(list.body).toHaveLength(1);
    await h.system.flushOutboxes();
    expect(h.events.filter((e) => e.envelope.aggregateId === a.body.id && e.envelope.type === GuestEvents.GUEST_CREATED)).toHaveLength(1);
  });
});
