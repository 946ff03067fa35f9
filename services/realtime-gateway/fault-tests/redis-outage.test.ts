import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { json, uniqueName, waitFor } from '@qtable/testing';
import { connectSocketIo, connectWs, type SocketIoClient, type WsClient } from '../integration-tests/support/clients';
import { guestEvent } from '../integration-tests/support/events';
import { startGateway, type GatewayUnderTest } from '../integration-tests/support/gateway-system';

// Stops the shared Redis: runs alone (fault-tests/jest.config.js, `nx run realtime-gateway:test-faults`).
jest.setTimeout(120_000);

const repoRoot = resolve(__dirname, '../../..');
const redis = (action: 'stop' | 'start') => execFileSync('bash', ['scripts/infra.sh', action, 'redis'], { cwd: repoRoot, timeout: 60_000, stdio: 'pipe' });

describe('realtime gateway while Redis is away', () => {
  let a: GatewayUnderTest;
  let b: GatewayUnderTest;
  const clients: (SocketIoClient | WsClient)[] = [];
  const track = <T extends SocketIoClient | WsClient>(client: T): T => (clients.push(client), client);

  beforeAll(async () => {
    redis('start');
    // Two replicas sharing Redis; events enter through A's (in-process) bus, so A handles them.
    const redisPrefix = uniqueName('rt');
    a = await startGateway({ redisPrefix });
    b = await startGateway({ redisPrefix });
  });
  afterAll(async () => {
    try {
      redis('start'); // whatever happened, leave Redis running for everything else
    } finally {
      for (const client of clients) client.close();
      await Promise.allSettled([a?.close(), b?.close()]);
    }
  });

  const ready = async (gateway: GatewayUnderTest) => {
    const res = await fetch(`${gateway.url}/ready`);
    return { status: res.status, body: await json(res) };
  };

  it('keeps serving local clients with local cursors, says degraded, and makes every client resync when Redis returns', async () => {
    const restaurant = randomUUID();
    const token = (gateway: GatewayUnderTest) => gateway.system.token({ memberships: { [restaurant]: 'host' } });
    const onA = [track(await connectSocketIo(a.url, { token: token(a), restaurantId: restaurant })), track(await connectWs(a.url, { token: token(a), restaurantId: restaurant }))];
    const onB = [track(await connectSocketIo(b.url, { token: token(b), restaurantId: restaurant })), track(await connectWs(b.url, { token: token(b), restaurantId: restaurant }))];
    await a.system.bus.publish([guestEvent(restaurant, 0)]);
    for (const client of [...onA, ...onB]) await client.waitForMessages(1);
    const before = onA[1]!.messages()[0];
    expect((await ready(a)).body.status).toBe('ok');

    try {
      redis('stop');
      await waitFor(async () => (await ready(a)).body.status === 'degraded', 'replica A to report degraded', 10_000);
      const degraded = await ready(a);
      expect(degraded.status).toBe(200); // still ready: it serves its own clients
      expect(degraded.body.checks.redis).toMatch(/^failing/);
      expect(await (await fetch(`${a.url}/metrics`)).text()).toMatch(/realtime_redis_fallback\{[^}]*\} 1/);

      // Local clients keep receiving, at once, flagged by cursors that are not log cursors.
      const started = Date.now();
      await a.system.bus.publish([guestEvent(restaurant, 1), guestEvent(restaurant, 2)]);
      for (const client of onA) {
        const got = await client.waitForMessages(3, 5_000);
        expect(got.map((m) => m.data.n)).toEqual([0, 1, 2]);
        expect(got[1].cursor).toMatch(/^local-/);
      }
      expect(Date.now() - started).toBeLessThan(2_000);
      // A device resuming now cannot be served from the log: it is told to resync.
      const resuming = track(await connectWs(a.url, { token: token(a), restaurantId: restaurant, since: before.cursor }));
      expect(await resuming.waitForEvent('resync_required', 10_000)).toMatchObject({ type: 'resync_required', cursor: expect.stringMatching(/^local-/) });
      const sync = await fetch(`${a.url}/restaurants/${restaurant}/sync?since=${before.cursor}`, { headers: { Authorization: `Bearer ${token(a)}` } });
      expect(sync.status).toBe(503);
    } finally {
      redis('start');
    }

    await waitFor(async () => (await ready(a)).body.status === 'ok' && (await ready(b)).body.status === 'ok', 'both replicas ready again', 20_000);
    // Replica B's clients never got messages 1 and 2, and Redis came back empty: every client
    // of the restaurant is told to refetch its snapshot.
    for (const client of [...onA, ...onB]) expect(await client.waitForEvent('resync_required', 15_000)).toMatchObject({ restaurant_id: restaurant });
    await a.system.bus.publish([guestEvent(restaurant, 3)]);
    for (const client of [...onA, ...onB]) {
      await waitFor(() => client.messages().some((m) => m.data.n === 3), 'message 3 after recovery', 15_000);
      const last = client.messages().at(-1);
      expect(last.cursor).toMatch(/^\d+-\d+$/);
    }
    expect(onB[0]!.messages().map((m) => m.data.n)).toEqual([0, 3]);
    expect(onB[1]!.messages().map((m) => m.data.n)).toEqual([0, 3]);
    // A cursor from before the outage cannot resume across it.
    const stale = await fetch(`${a.url}/restaurants/${restaurant}/sync?since=${before.cursor}`, { headers: { Authorization: `Bearer ${token(a)}` } });
    expect(stale.status).toBe(410);
    expect(await (await fetch(`${a.url}/metrics`)).text()).toMatch(/realtime_redis_fallback\{[^}]*\} 0/);
  });
});
