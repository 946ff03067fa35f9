import { randomUUID } from 'node:crypto';
import { compareCursors } from '@qtable/realtime-log';
import { json, waitFor } from '@qtable/testing';
import { connectSocketIo, connectWs, type SocketIoClient, type WsClient } from './support/clients';
import { guestEvent, tableEvent } from './support/events';
import { startGateway, type GatewayUnderTest } from './support/gateway-system';

// One replica, in-process bus and log (the embedded mode's shape), real PostgreSQL.
describe('realtime gateway: delivery, tenancy, tokens and cursors', () => {
  let gateway: GatewayUnderTest;
  const clients: (SocketIoClient | WsClient)[] = [];
  const track = <T extends SocketIoClient | WsClient>(client: T): T => (clients.push(client), client);

  beforeAll(async () => {
    gateway = await startGateway({ env: { WS_HEARTBEAT_MS: '200' } });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const tokenFor = (...restaurantIds: string[]) => gateway.system.token({ memberships: Object.fromEntries(restaurantIds.map((id) => [id, 'host' as const])) });

  it("delivers a published event to Socket.IO and WebSocket clients of its restaurant, in the seed's shape, with a cursor", async () => {
    const restaurant = randomUUID();
    const token = tokenFor(restaurant);
    const sio = track(await connectSocketIo(gateway.url, { token, restaurantId: restaurant }));
    const ws = track(await connectWs(gateway.url, { token, restaurantId: restaurant }));
    const event = guestEvent(restaurant, 1);
    event.envelope.occurredAt = '2025-09-02T06:03:11.039Z';
    await gateway.system.bus.publish([event]);

    const expected = {
      type: 'guest_updated',
      restaurant_id: restaurant,
      guest_id: event.envelope.aggregateId,
      action: 'status_changed',
      timestamp: '2025-09-02T06:03:11.039000Z',
      data: event.envelope.data,
      cursor: expect.stringMatching(/^\d+-\d+$/),
    };
    const [viaSocketIo] = await sio.waitForMessages(1);
    const [viaWs] = await ws.waitForMessages(1);
    expect(viaSocketIo).toEqual(expected);
    expect(viaWs).toEqual(expected);
    expect(sio.received[0]!.event).toBe('guest_updated');
    expect(Object.keys(viaWs)).toEqual(['type', 'restaurant_id', 'guest_id', 'action', 'timestamp', 'data', 'cursor']);
    expect(viaWs.cursor).toBe(viaSocketIo.cursor);

    // The same message is what a device that was offline fetches.
    const res = await fetch(`${gateway.url}/restaurants/${restaurant}/sync?since=${encodeURIComponent(viaWs.cursor)}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ messages: [], cursor: viaWs.cursor, hasMore: false });
  });

  it('does not send events outside the realtime mapping', async () => {
    const restaurant = randomUUID();
    const ws = track(await connectWs(gateway.url, { token: tokenFor(restaurant), restaurantId: restaurant }));
    const hidden = guestEvent(restaurant, 1, 'reservation.tables_held');
    await gateway.system.bus.publish([hidden, tableEvent(restaurant, 2)]);
    const [only] = await ws.waitForMessages(1);
    expect(only).toMatchObject({ type: 'table_updated', action: 'status_changed' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ws.messages()).toHaveLength(1);
  });

  it("refuses another tenant's restaurant on both protocols and never leaks its messages", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const tokenA = tokenFor(a);
    await expect(connectSocketIo(gateway.url, { token: tokenA, restaurantId: b })).rejects.toMatchObject({ message: 'not_found' });
    await expect(connectWs(gateway.url, { token: tokenA, restaurantId: b })).rejects.toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const sioA = track(await connectSocketIo(gateway.url, { token: tokenA, restaurantId: a }));
    expect(await sioA.request('join', { restaurantId: b })).toEqual({ error: 'not_found' });
    expect(await sioA.request('join', { restaurantId: b, extra: 1 })).toEqual({ error: 'invalid_request' });
    const wsA = track(await connectWs(gateway.url, { token: tokenA, restaurantId: a, tokenInQuery: true }));
    const sioB = track(await connectSocketIo(gateway.url, { token: tokenFor(b), restaurantId: b }));
    const wsB = track(await connectWs(gateway.url, { token: tokenFor(b), restaurantId: b }));

    const events = Array.from({ length: 40 }, (_, n) => (n % 2 ? guestEvent(b, n) : tableEvent(a, n)));
    await gateway.system.bus.publish(events);
    for (const [client, restaurant] of [[sioA, a], [wsA, a], [sioB, b], [wsB, b]] as const) {
      const received = await client.waitForMessages(20);
      expect(received.map((m) => m.restaurant_id)).toEqual(Array(20).fill(restaurant));
      expect(received.map((m) => m.data.n)).toEqual(events.filter((e) => e.key === restaurant).map((e) => e.envelope.data.n));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const client of [sioA, wsA, sioB, wsB]) expect(client.messages()).toHaveLength(20);
  });

  it('refuses bad tokens and bad requests before upgrading', async () => {
    const restaurant = randomUUID();
    // Claims changed after signing (a signature's last base64url character may not change its bytes).
    const [header, payload, signature] = gateway.system.token({ memberships: { [restaurant]: 'viewer' } }).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, rst: { [restaurant]: 'owner' } })).toString('base64url'), signature].join('.');
    await expect(connectWs(gateway.url, { token: forged, restaurantId: restaurant })).rejects.toMatchObject({ status: 401 });
    await expect(connectWs(gateway.url, { restaurantId: restaurant })).rejects.toMatchObject({ status: 401 });
    await expect(connectWs(gateway.url, { token: tokenFor(restaurant) })).rejects.toMatchObject({ status: 400 });
    await expect(connectWs(gateway.url, { token: tokenFor(restaurant), restaurantId: restaurant, path: '/elsewhere' })).rejects.toMatchObject({ status: 404 });
    await expect(connectSocketIo(gateway.url, { token: forged })).rejects.toMatchObject({ message: 'unauthorized' });
    await expect(connectSocketIo(gateway.url, {})).rejects.toMatchObject({ message: 'unauthorized' });
    // The Authorization header works for Socket.IO too.
    const viaHeader = track(await connectSocketIo(gateway.url, { headers: { Authorization: `Bearer ${tokenFor(restaurant)}` } }));
    expect(await viaHeader.request('join', { restaurantId: restaurant })).toEqual({ ok: true });
  });

  it('closes connections when their token expires', async () => {
    const restaurant = randomUUID();
    const shortLived = gateway.system.token({ memberships: { [restaurant]: 'host' } }, 2);
    const ws = track(await connectWs(gateway.url, { token: shortLived, restaurantId: restaurant }));
    const sio = track(await connectSocketIo(gateway.url, { token: shortLived, restaurantId: restaurant }));
    const sioDisconnected = new Promise<string>((resolve) => sio.socket.once('disconnect', (reason) => resolve(reason)));
    const started = Date.now();
    expect(await ws.closed).toEqual({ code: 4001, reason: 'token_expired' });
    expect(await sioDisconnected).toBe('io server disconnect');
    expect(sio.events('token_expired')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('replays exactly what a WebSocket or Socket.IO client missed after its cursor', async () => {
    const restaurant = randomUUID();
    const token = tokenFor(restaurant);
    const first = track(await connectWs(gateway.url, { token, restaurantId: restaurant }));
    await gateway.system.bus.publish([guestEvent(restaurant, 0)]);
    const [seen] = await first.waitForMessages(1);
    first.close();
    const missed = Array.from({ length: 100 }, (_, i) => guestEvent(restaurant, i + 1));
    await gateway.system.bus.publish(missed);

    const ws = track(await connectWs(gateway.url, { token, restaurantId: restaurant, since: seen.cursor }));
    const sio = track(await connectSocketIo(gateway.url, { token, restaurantId: restaurant, since: seen.cursor }));
    for (const client of [ws, sio]) {
      const got = await client.waitForMessages(100);
      expect(got.map((m) => m.data.n)).toEqual(missed.map((e) => e.envelope.data.n));
    }
    // Live messages follow the replay, once.
    await gateway.system.bus.publish([guestEvent(restaurant, 101)]);
    for (const client of [ws, sio]) {
      const got = await client.waitForMessages(101);
      expect(got.map((m) => m.data.n)).toEqual([...missed.map((e) => e.envelope.data.n), 101]);
      for (let i = 1; i < got.length; i++) expect(compareCursors(got[i - 1].cursor, got[i].cursor)).toBeLessThan(0);
    }
  });

  it('answers an unusable cursor with resync_required (sockets) or 410 (sync)', async () => {
    const restaurant = randomUUID();
    const token = tokenFor(restaurant);
    await gateway.system.bus.publish([guestEvent(restaurant, 1)]);
    const head = await gateway.system.realtimeLog.head(restaurant);
    const ws = track(await connectWs(gateway.url, { token, restaurantId: restaurant, since: 'garbage' }));
    const sio = track(await connectSocketIo(gateway.url, { token, restaurantId: restaurant, since: '1-1' }));
    expect(await ws.waitForEvent('resync_required')).toEqual({ type: 'resync_required', restaurant_id: restaurant, cursor: head });
    expect(await sio.waitForEvent('resync_required')).toEqual({ type: 'resync_required', restaurant_id: restaurant, cursor: head });
    // And live messages continue after it.
    await gateway.system.bus.publish([guestEvent(restaurant, 2)]);
    expect((await ws.waitForMessages(1)).map((m) => m.data.n)).toEqual([2]);
    expect((await sio.waitForMessages(1)).map((m) => m.data.n)).toEqual([2]);

    const res = await fetch(`${gateway.url}/restaurants/${restaurant}/sync?since=1-1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(410);
    const body = await json(res);
    expect(body.error.code).toBe('cursor_expired');
    expect(body.error.message).toContain(`/api/v1/dashboard/${restaurant}`);
  });

  it('pages the sync endpoint and checks tenancy like every REST route', async () => {
    const restaurant = randomUUID();
    const token = tokenFor(restaurant);
    const start = await gateway.system.realtimeLog.head(restaurant);
    await gateway.system.bus.publish(Array.from({ length: 5 }, (_, n) => guestEvent(restaurant, n)));
    const get = (query: string, bearer = token) => fetch(`${gateway.url}/restaurants/${restaurant}/sync?${query}`, { headers: { Authorization: `Bearer ${bearer}` } });

    const page1 = await json(await get(`since=${start}&limit=3`));
    expect(page1.messages.map((m: { data: { n: number } }) => m.data.n)).toEqual([0, 1, 2]);
    expect(page1.hasMore).toBe(true);
    const page2 = await json(await get(`since=${page1.cursor}&limit=3`));
    expect(page2.messages.map((m: { data: { n: number } }) => m.data.n)).toEqual([3, 4]);
    expect(page2).toMatchObject({ hasMore: false, cursor: page2.messages[1].cursor });

    expect((await get(`since=${start}`, tokenFor(randomUUID()))).status).toBe(404);
    expect((await get('limit=3')).status).toBe(400);
    expect((await get(`since=${start}&limit=5000`)).status).toBe(400);
    expect((await fetch(`${gateway.url}/restaurants/${restaurant}/sync?since=${start}`)).status).toBe(401);
  });

  it('drops a WebSocket client that stops answering pings, and counts connections without tenant labels', async () => {
    const restaurant = randomUUID();
    const silent = await connectWs(gateway.url, { token: tokenFor(restaurant), restaurantId: restaurant, autoPong: false });
    const closed = await Promise.race([silent.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000))]);
    expect(closed).toMatchObject({ code: 1006 });

    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    await waitFor(async () => /realtime_connections\{[^}]*protocol="websocket"[^}]*\} 0/.test(await (await fetch(`${gateway.url}/metrics`)).text()), 'websocket gauge back to 0', 3000);
    expect(metrics).toMatch(/realtime_messages_delivered_total\{[^}]*protocol="socketio"/);
    expect(metrics).toMatch(/realtime_event_to_emit_seconds_bucket/);
    // No restaurant (or any other) id in any label.
    expect(metrics).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
  });
});
