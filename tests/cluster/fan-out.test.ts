import { waitFor } from '@qtable/testing';
import { adminToken, call, createGuests, newTenant, type Tenant } from './support/api';
import { expectStrictlyIncreasing, openSio, openWs, sleep, type SioClient, type WsClient } from './support/clients';
import { clusterInfo } from './support/test-cluster';

// A write through nginx, handled by one process (guests, floor), reaches the sockets of every
// gateway replica — clients put on each replica directly, and through nginx — over Socket.IO
// and the plain WebSocket, in write order, each message exactly once.
describe('local cluster: fan-out across gateway replicas', () => {
  let tenant: Tenant;
  const clients: (SioClient | WsClient)[] = [];

  beforeAll(async () => {
    tenant = await newTenant(await adminToken());
  });
  afterAll(() => {
    for (const client of clients.splice(0)) client.close();
  });

  it('serves every process behind nginx: REST of each service and the gateway, not /ready or /metrics', async () => {
    const { restaurantId, token } = tenant;
    expect(await call('GET', `/restaurants/${restaurantId}`, { token })).toMatchObject({ id: restaurantId });
    expect(await call('GET', `/restaurants/${restaurantId}/tables`, { token })).toEqual([]);
    expect(await call('GET', `/restaurants/${restaurantId}/guests`, { token })).toEqual([]);
    // Reservations learns restaurants from auth's events (Kafka): eventually, not at once.
    const reservations = await waitFor(() => call('GET', `/restaurants/${restaurantId}/reservations`, { token }), 'reservations to know the restaurant', 30_000, 200);
    // (The list's shape is reservations' own: a bare array or a page object.)
    expect(Array.isArray(reservations) ? reservations : (reservations as { items: unknown[] }).items).toEqual([]);
    const dashboard = await call<{ cursor: string }>('GET', `/api/v1/dashboard/${restaurantId}`, { token });
    expect(await call('GET', `/restaurants/${restaurantId}/sync?since=${encodeURIComponent(dashboard.cursor)}`, { token })).toMatchObject({ messages: [] });
    await call('GET', '/ready', { expect: 404 });
    await call('GET', '/metrics', { expect: 404 });
    // Another tenant's restaurant is not revealed, by any service.
    const other = await newTenant(await adminToken());
    await call('GET', `/restaurants/${other.restaurantId}/guests`, { token, expect: 404 });
    await call('GET', `/restaurants/${other.restaurantId}/sync?since=0-0`, { token, expect: 404 });
  });

  it('delivers each write to Socket.IO and WebSocket clients of both replicas and through nginx, in order, exactly once', async () => {
    const { url, gatewayUrls } = clusterInfo();
    expect(gatewayUrls.length).toBeGreaterThanOrEqual(2);
    const options = { token: tenant.token, restaurantId: tenant.restaurantId };
    const targets = [...gatewayUrls, url];
    const subscribers: { name: string; client: SioClient | WsClient }[] = [];
    for (const target of targets) {
      const where = target === url ? 'nginx' : target;
      subscribers.push({ name: `socket.io via ${where}`, client: await openSio(target, options) });
      subscribers.push({ name: `websocket via ${where}`, client: await openWs(target, options) });
    }
    clients.push(...subscribers.map((s) => s.client));

    // Warm-up: one write seen everywhere (the gateways' consumer group is then surely assigned).
    await createGuests(tenant, 'warm-up-', 1);
    for (const { name, client } of subscribers) await client.waitForGuests(1, 60_000, name);
    for (const { client } of subscribers) client.clear();

    const created = await createGuests(tenant, 'guest-', 40);
    const expected = created.map((g) => g.guestName);
    const sequences: string[][] = [];
    for (const { name, client } of subscribers) {
      expect([name, await client.waitForGuests(40, 30_000, name)]).toEqual([name, expected]);
      expectStrictlyIncreasing(client.messages);
      sequences.push(client.messages.map((m) => m.cursor));
    }
    // The same messages with the same cursors everywhere: one log, whichever replica appended.
    for (const sequence of sequences) expect(sequence).toEqual(sequences[0]);
    // Nothing arrives twice later (a duplicate from the other replica would show up here).
    await sleep(1000);
    for (const { name, client } of subscribers) expect([name, client.messages.length]).toEqual([name, 40]);
    for (const { client } of subscribers) {
      expect(client.messages.every((m) => m.restaurant_id === tenant.restaurantId && m.action === 'created')).toBe(true);
    }
  });
});
