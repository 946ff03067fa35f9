import { AuthEvents, Topics } from '@qtable/contracts';
import type { DeliveredEvent } from '@qtable/events';
import { startTestSystem, type TestSystem } from '@qtable/runtime/testing';
import { waitFor } from '@qtable/testing';
import jwt from 'jsonwebtoken';
import { authService } from '../src/service';
import { call, login, PASSWORD, registerOwner, uniqueEmail } from './support/api';
import { AUTH_TEST_ENV } from './support/system';

let system: TestSystem;
let url: string;
/** What the outbox relay delivered on the bus, in order. */
const events: DeliveredEvent[] = [];

beforeAll(async () => {
  system = await startTestSystem({ services: [authService], env: AUTH_TEST_ENV() });
  url = system.url;
  await system.bus.subscribe({ id: 'auth-test.recorder', topics: [Topics.AUTH], onEvent: async (event) => void events.push(event) });
});
afterAll(() => system?.close());

type Owner = Awaited<ReturnType<typeof registerOwner>>;

/** Adds a member with a new account and returns a logged-in session of theirs. */
async function addStaff(owner: Owner, role: string, token = owner.access_token, restaurantId = owner.restaurant.id) {
  const email = uniqueEmail(role);
  const res = await call(url, 'POST', `/restaurants/${restaurantId}/members`, { token, body: { email, role, password: PASSWORD, name: `${role} one` } });
  expect(res.status).toBe(201);
  return { member: res.body, session: await login(url, email), email };
}

describe('restaurants', () => {
  let owner: Owner;
  beforeAll(async () => {
    owner = await registerOwner(url, { restaurantName: 'Harbour Grill' });
  });

  it('lists the restaurants the caller belongs to, with their role', async () => {
    const res = await call(url, 'GET', '/restaurants', { token: owner.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ id: owner.restaurant.id, name: 'Harbour Grill', role: 'owner' })]);
  });

  it('creates a restaurant for an owner, who owns it, and answers a fresh access token that includes it', async () => {
    const res = await call(url, 'POST', '/restaurants', { token: owner.access_token, body: { name: 'Harbour Grill II', timeZone: 'America/New_York', settings: { covers: 80 } } });
    expect(res.status).toBe(201);
    const created = res.body.restaurant;
    expect(created).toMatchObject({ name: 'Harbour Grill II', timeZone: 'America/New_York', settings: { covers: 80 }, version: 1, role: 'owner', organizationId: owner.organization.id });
    expect(res.headers.get('location')).toBe(`/restaurants/${created.id}`);
    expect(res.headers.get('etag')).toBe('"1"');

    // The old token predates the restaurant: it is unknown to it (404), the fresh one works.
    expect((await call(url, 'GET', `/restaurants/${created.id}`, { token: owner.access_token })).status).toBe(404);
    expect((jwt.decode(res.body.access_token) as jwt.JwtPayload).rst[created.id]).toBe('owner');
    expect((await call(url, 'GET', `/restaurants/${created.id}`, { token: res.body.access_token })).status).toBe(200);
    // And so does the session's next refresh.
    const refreshed = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: owner.refresh_token } });
    expect((jwt.decode(refreshed.body.access_token) as jwt.JwtPayload).rst[created.id]).toBe('owner');
    owner = { ...owner, access_token: refreshed.body.access_token, refresh_token: refreshed.body.refresh_token };
  });

  it('refuses to create restaurants for a caller who owns none (403)', async () => {
    const { session } = await addStaff(owner, 'manager');
    const res = await call(url, 'POST', '/restaurants', { token: session.access_token, body: { name: 'Rogue' } });
    expect(res.status).toBe(403);
  });

  it('reads one restaurant with its version as ETag', async () => {
    const res = await call(url, 'GET', `/restaurants/${owner.restaurant.id}`, { token: owner.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: owner.restaurant.id, name: 'Harbour Grill' });
    expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
  });

  it('updates with If-Match or a body version, and answers a stale version with 409 and the current state', async () => {
    const path = `/restaurants/${owner.restaurant.id}`;
    const current = await call(url, 'GET', path, { token: owner.access_token });
    const etag = current.headers.get('etag')!;
    const first = await call(url, 'PUT', path, { token: owner.access_token, headers: { 'if-match': etag }, body: { name: 'Harbour Grill & Bar', timeZone: 'europe/london' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: 'Harbour Grill & Bar', timeZone: 'Europe/London', version: current.body.version + 1 });
    expect(first.headers.get('etag')).toBe(`"${current.body.version + 1}"`);

    // A second device still holding the old ETag / version loses, and sees what won.
    const staleHeader = await call(url, 'PUT', path, { token: owner.access_token, headers: { 'if-match': etag }, body: { name: 'Overwritten?' } });
    const staleBody = await call(url, 'PUT', path, { token: owner.access_token, body: { name: 'Overwritten?', version: current.body.version } });
    for (const stale of [staleHeader, staleBody]) {
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('version_conflict');
      expect(stale.body.error.details.current).toMatchObject({ name: 'Harbour Grill & Bar', version: current.body.version + 1 });
    }
    const second = await call(url, 'PUT', path, { token: owner.access_token, body: { settings: { waitlist: true }, version: first.body.version } });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ name: 'Harbour Grill & Bar', settings: { waitlist: true }, version: first.body.version + 1 });
  });

  it('lets exactly one of several concurrent updates at the same version win', async () => {
    const path = `/restaurants/${owner.restaurant.id}`;
    const { version } = (await call(url, 'GET', path, { token: owner.access_token })).body;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call(url, 'PUT', path, { token: owner.access_token, body: { name: `Racer ${i}`, version } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.body;
    expect((await call(url, 'GET', path, { token: owner.access_token })).body).toMatchObject({ name: winner.name, version: version + 1 });
  });

  it('requires a version (428) and validates the body (400) without writing', async () => {
    const path = `/restaurants/${owner.restaurant.id}`;
    const before = (await call(url, 'GET', path, { token: owner.access_token })).body;
    const missing = await call(url, 'PUT', path, { token: owner.access_token, body: { name: 'No version' } });
    expect(missing.status).toBe(428);
    expect(missing.body.error.code).toBe('version_required');
    const badZone = await call(url, 'PUT', path, { token: owner.access_token, body: { timeZone: 'Nowhere/Land', version: before.version } });
    expect(badZone.status).toBe(400);
    const unknownField = await call(url, 'PUT', path, { token: owner.access_token, body: { organizationId: owner.organization.id, version: before.version } });
    expect(unknownField.status).toBe(400);
    expect((await call(url, 'GET', path, { token: owner.access_token })).body).toEqual(before);
  });

  it("hides another organization's restaurant behind 404, on GET and PUT, even from its owner", async () => {
    const stranger = await registerOwner(url);
    const path = `/restaurants/${owner.restaurant.id}`;
    const get = await call(url, 'GET', path, { token: stranger.access_token });
    const put = await call(url, 'PUT', path, { token: stranger.access_token, body: { name: 'Hijacked', version: 1 } });
    for (const res of [get, put]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const members = await call(url, 'GET', `${path}/members`, { token: stranger.access_token });
    expect(members.status).toBe(404);
  });

  it('refuses PUT to a host and a viewer (403) but lets them read', async () => {
    const path = `/restaurants/${owner.restaurant.id}`;
    const { version } = (await call(url, 'GET', path, { token: owner.access_token })).body;
    for (const role of ['host', 'viewer']) {
      const { session } = await addStaff(owner, role);
      expect((await call(url, 'GET', path, { token: session.access_token })).status).toBe(200);
      const res = await call(url, 'PUT', path, { token: session.access_token, body: { name: 'Mine now', version } });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('lets a manager update the restaurant', async () => {
    const { session } = await addStaff(owner, 'manager');
    const path = `/restaurants/${owner.restaurant.id}`;
    const { version } = (await call(url, 'GET', path, { token: session.access_token })).body;
    const res = await call(url, 'PUT', path, { token: session.access_token, body: { settings: { managerWasHere: true }, version } });
    expect(res.status).toBe(200);
  });
});

describe('members', () => {
  let owner: Owner;
  beforeAll(async () => {
    owner = await registerOwner(url, { restaurantName: 'Staff Canteen' });
  });
  const membersPath = () => `/restaurants/${owner.restaurant.id}/members`;

  it('lets a manager add hosts and viewers but never owners or managers', async () => {
    const { session: manager } = await addStaff(owner, 'manager');
    for (const role of ['owner', 'manager']) {
      const res = await call(url, 'POST', membersPath(), { token: manager.access_token, body: { email: uniqueEmail(), role, password: PASSWORD } });
      expect(res.status).toBe(403);
    }
    const host = await call(url, 'POST', membersPath(), { token: manager.access_token, body: { email: uniqueEmail('host'), role: 'host', password: PASSWORD } });
    expect(host.status).toBe(201);
    expect(host.body).toMatchObject({ role: 'host', restaurantId: owner.restaurant.id });
  });

  it('refuses staff management to hosts (403)', async () => {
    const { session: host } = await addStaff(owner, 'host');
    const res = await call(url, 'POST', membersPath(), { token: host.access_token, body: { email: uniqueEmail(), role: 'viewer', password: PASSWORD } });
    expect(res.status).toBe(403);
  });

  it('adds an existing account of the organization to another restaurant, without touching its password', async () => {
    const second = await call(url, 'POST', '/restaurants', { token: owner.access_token, body: { name: 'Staff Canteen II' } });
    const { email } = await addStaff(owner, 'host');
    const withPassword = await call(url, 'POST', `/restaurants/${second.body.restaurant.id}/members`, {
      token: second.body.access_token,
      body: { email, role: 'viewer', password: 'a new password!' },
    });
    expect(withPassword.status).toBe(400);
    expect(withPassword.body.error.code).toBe('password_not_allowed');
    const added = await call(url, 'POST', `/restaurants/${second.body.restaurant.id}/members`, { token: second.body.access_token, body: { email, role: 'viewer' } });
    expect(added.status).toBe(201);
    const session = await login(url, email);
    expect(Object.values((jwt.decode(session.access_token) as jwt.JwtPayload).rst).sort()).toEqual(['host', 'viewer']);
  });

  it('refuses an email of another organization (409) and a duplicate membership (409)', async () => {
    const stranger = await registerOwner(url);
    const foreign = await call(url, 'POST', membersPath(), { token: owner.access_token, body: { email: stranger.user.email, role: 'host' } });
    expect(foreign.status).toBe(409);
    expect(foreign.body.error.code).toBe('email_in_use');
    const { email } = await addStaff(owner, 'viewer');
    const again = await call(url, 'POST', membersPath(), { token: owner.access_token, body: { email, role: 'host' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_member');
  });

  it('removes a member (204): their next refresh no longer carries the restaurant', async () => {
    const { member, session } = await addStaff(owner, 'host');
    const res = await call(url, 'DELETE', `${membersPath()}/${member.userId}`, { token: owner.access_token });
    expect(res.status).toBe(204);
    const refreshed = await call(url, 'POST', '/auth/refresh', { body: { refresh_token: session.refresh_token } });
    expect((jwt.decode(refreshed.body.access_token) as jwt.JwtPayload).rst).toEqual({});
    const list = await call(url, 'GET', membersPath(), { token: owner.access_token });
    expect(list.body.map((m: { userId: string }) => m.userId)).not.toContain(member.userId);
  });

  it('keeps the last owner (409 last_owner)', async () => {
    const res = await call(url, 'DELETE', `${membersPath()}/${owner.user.id}`, { token: owner.access_token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('last_owner');
  });
});

describe('events', () => {
  it('publishes restaurant and membership events through the outbox, keyed by restaurant id', async () => {
    const owner = await registerOwner(url);
    const rid = owner.restaurant.id;
    const { member } = await addStaff(owner, 'host');
    const put = await call(url, 'PUT', `/restaurants/${rid}`, { token: owner.access_token, body: { name: 'Renamed', version: 1 } });
    expect(put.status).toBe(200);
    await call(url, 'DELETE', `/restaurants/${rid}/members/${member.userId}`, { token: owner.access_token });

    const mine = () => events.filter((e) => e.key === rid);
    await waitFor(() => mine().length >= 5, 'five events of the restaurant');
    expect(mine().map((e) => [e.envelope.type, e.envelope.aggregateId, e.envelope.aggregateVersion])).toEqual([
      [AuthEvents.RESTAURANT_CREATED, rid, 1],
      [AuthEvents.MEMBERSHIP_GRANTED, owner.user.id, 1],
      [AuthEvents.MEMBERSHIP_GRANTED, member.userId, 1],
      [AuthEvents.RESTAURANT_UPDATED, rid, 2],
      [AuthEvents.MEMBERSHIP_REVOKED, member.userId, 2],
    ]);
    const updated = mine()[3];
    expect(updated.topic).toBe('auth.events');
    expect(updated.envelope).toMatchObject({ restaurantId: rid, actor: { type: 'user', id: owner.user.id } });
    // The data is the restaurant exactly as the REST API shows it (the realtime contract).
    expect(updated.envelope.data).toEqual(put.body);
  });
});
