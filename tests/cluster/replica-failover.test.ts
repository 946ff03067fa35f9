import { waitFor } from '@qtable/testing';
import { adminToken, createGuest, createGuests, newTenant, type Tenant } from './support/api';
import { expectStrictlyIncreasing, sleep, SioClient, WsClient } from './support/clients';
import { clusterCommand, clusterInfo, pidOf } from './support/test-cluster';

const WRITES = 60;
const KILL_AFTER = 10;

/** Open realtime connections of one replica, from its own /metrics (not exposed through nginx). */
async function connectionsOf(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  let total = 0;
  for (const match of text.matchAll(/^realtime_connections\{[^}]*\} (\d+)/gm)) total += Number(match[1]);
  return total;
}

// A gateway replica dies (SIGKILL: no goodbye, no session saved) while writes continue. Its
// clients reconnect through nginx, which sends them to the surviving replica, and resume from
// their last cursor: every message once, in order, no gap. The replica is restarted afterwards.
describe('local cluster: a gateway replica killed', () => {
  let tenant: Tenant;
  let killed: string | undefined;
  const clients: (SioClient | WsClient)[] = [];

  beforeAll(async () => {
    tenant = await newTenant(await adminToken());
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    if (!killed) return;
    await clusterCommand('start', killed);
    // Hand the next suite a settled cluster: the restarted replica delivering again (its
    // consumer group rebalanced), or the next suite's first message waits out the rebalance.
    const { gatewayUrls } = clusterInfo();
    const probe = await new SioClient(gatewayUrls[Number(killed.split('-').pop()) - 1]!, { token: tenant.token, restaurantId: tenant.restaurantId }).open();
    try {
      await createGuests(tenant, 'settled-', 1);
      await probe.waitForGuests(1, 120_000);
    } finally {
      probe.close();
    }
  }, 180_000);

  it('moves its Socket.IO and WebSocket clients to the other replica, which catches them up exactly', async () => {
    const { url, gatewayUrls } = clusterInfo();
    const before = await Promise.all(gatewayUrls.map(connectionsOf));
    const options = { token: tenant.token, restaurantId: tenant.restaurantId, reconnect: true, reconnectDelayMs: 300 };
    const sio = await new SioClient(url, options).open();
    const ws = await new WsClient(url, options).open();
    clients.push(sio, ws);
    await createGuests(tenant, 'warm-up-', 1);
    for (const client of [sio, ws]) await client.waitForGuests(1, 60_000);
    for (const client of [sio, ws]) client.clear();

    // nginx hashes by client address: both sockets sit on one replica. Find it.
    const after = await Promise.all(gatewayUrls.map(connectionsOf));
    const serving = after.findIndex((count, i) => count - before[i]! >= 2);
    expect(serving).toBeGreaterThanOrEqual(0);
    killed = `realtime-gateway-${serving + 1}`;
    const survivor = gatewayUrls[(serving + 1) % gatewayUrls.length]!;

    const written: string[] = [];
    for (let i = 0; i < WRITES; i++) {
      if (i === KILL_AFTER) process.kill(pidOf(killed), 'SIGKILL');
      written.push((await createGuest(tenant, `failover-${i}`)).guestName);
      await sleep(100);
    }

    // Kafka moves the dead member's partitions to the survivor after its session times out,
    // so the tail may take a while; nothing is lost meanwhile.
    for (const [name, client] of [['socket.io', sio], ['websocket', ws]] as const) {
      expect([name, await client.waitForGuests(WRITES, 120_000, name)]).toEqual([name, written]);
      expectStrictlyIncreasing(client.messages);
    }
    await sleep(1000);
    expect(sio.guestNames()).toEqual(written);
    expect(ws.guestNames()).toEqual(written);
    // Each reconnected once; the Socket.IO session could not be recovered (its replica died
    // without saving it), so `since` did the catch-up.
    expect(sio.connects.length).toBe(2);
    expect(ws.opens).toBe(2);
    await waitFor(async () => (await connectionsOf(survivor)) >= 2, 'both clients on the surviving replica', 5000);
  });
});
