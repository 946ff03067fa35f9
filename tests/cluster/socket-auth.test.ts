import { randomUUID } from 'node:crypto';
import { waitFor } from '@qtable/testing';
import { call, createGuests, mintToken, type Tenant } from './support/api';
import { openSio, openWs, sleep, SioClient, WsClient } from './support/clients';
import { clusterInfo } from './support/test-cluster';

/** A new organization with its own owner and restaurant (public sign-up through nginx). */
async function register(): Promise<Tenant> {
  const body = await call<{ access_token: string; restaurant: { id: string } }>('POST', '/auth/register', {
    body: { email: `cluster-${randomUUID().slice(0, 12)}@example.com`, password: `pw-${randomUUID()}`, name: 'Cluster Test', restaurantName: 'Tenant' },
  });
  return { restaurantId: body.restaurant.id, token: body.access_token };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'connected',
    (err: { message?: string; status?: number }) => err.status ?? err.message,
  );

// Through nginx, as a device sees it: sockets are scoped by the token's memberships like REST
// (another tenant's restaurant is "not found"), and a socket ends when its token expires.
describe('local cluster: socket authorization through nginx', () => {
  let mine: Tenant;
  let theirs: Tenant;
  const clients: (SioClient | WsClient)[] = [];

  beforeAll(async () => {
    [mine, theirs] = [await register(), await register()];
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  it("refuses another tenant's restaurant on both protocols, and never leaks its messages", async () => {
    const { url } = clusterInfo();
    const foreign = { token: mine.token, restaurantId: theirs.restaurantId };
    expect(await refusal(openSio(url, foreign))).toBe('not_found');
    expect(await refusal(openWs(url, foreign))).toBe(404);

    // Joining by message after connecting: refused too, while its own restaurant is allowed.
    const sio = await openSio(url, { token: mine.token });
    clients.push(sio);
    expect(await sio.request('join', { restaurantId: theirs.restaurantId })).toEqual({ error: 'not_found' });
    expect(await sio.request('join', { restaurantId: mine.restaurantId })).toEqual({ ok: true });
    const ws = await openWs(url, { token: mine.token, restaurantId: mine.restaurantId });
    clients.push(ws);

    await createGuests(theirs, 'theirs-', 5);
    const [own] = await createGuests(mine, 'mine-', 1);
    for (const client of [sio, ws]) await client.waitForGuests(1, 60_000);
    await sleep(1000);
    for (const client of [sio, ws]) {
      expect(client.guestNames()).toEqual([own!.guestName]);
      expect(client.messages.every((m) => m.restaurant_id === mine.restaurantId)).toBe(true);
    }
  });

  it('closes both sockets when the access token expires, and refuses an expired token', async () => {
    const { url } = clusterInfo();
    const shortLived = { token: mintToken({ [mine.restaurantId]: 'host' }, 4), restaurantId: mine.restaurantId };
    const sio = await openSio(url, shortLived);
    const ws = await openWs(url, shortLived);
    clients.push(sio, ws);
    // Still valid: messages arrive.
    await createGuests(mine, 'before-expiry-', 1);
    for (const client of [sio, ws]) await client.waitForGuests(1, 30_000);

    await waitFor(() => ws.closes.length > 0 && sio.disconnects.length > 0, 'both sockets closed at expiry', 15_000);
    expect(ws.closes[0]).toEqual({ code: 4001, reason: 'token_expired' });
    expect(sio.control.map((m) => m.type)).toContain('token_expired');
    expect(sio.disconnects).toEqual(['io server disconnect']);

    const expired = { token: mintToken({ [mine.restaurantId]: 'host' }, -10), restaurantId: mine.restaurantId };
    expect(await refusal(openSio(url, expired))).toBe('unauthorized');
    expect(await refusal(openWs(url, expired))).toBe(401);
  });
});
