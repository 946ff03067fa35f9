import { waitFor } from '@qtable/testing';
import { adminToken, createGuests, newTenant, type Tenant } from './support/api';
import { expectStrictlyIncreasing, openWs, sleep, SioClient, type WsClient } from './support/clients';
import { clusterInfo } from './support/test-cluster';

const CUT_MS = 5000;
const MISSED = 100;

// A device cut off for 5 s while 100 writes happen comes back through nginx and gets exactly
// those 100 messages, in order, none twice: Socket.IO by connection state recovery (the
// adapter's session in Redis), the plain WebSocket by its `since` cursor (the realtime log).
describe('local cluster: catch-up after a 5 s cut', () => {
  let tenant: Tenant;
  const clients: (SioClient | WsClient)[] = [];

  beforeAll(async () => {
    tenant = await newTenant(await adminToken());
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /** Writes `MISSED` guests; resolves with their names once both the writes and `CUT_MS` are over. */
  async function writeWhileCut(prefix: string): Promise<string[]> {
    const cutUntil = Date.now() + CUT_MS;
    const created = await createGuests(tenant, prefix, MISSED);
    await sleep(Math.max(0, cutUntil - Date.now()));
    return created.map((g) => g.guestName);
  }

  it('Socket.IO: the session is recovered and delivers exactly the 100 missed messages', async () => {
    // Reconnected by hand once the cut is over (at least 5 s, and every write done), with the
    // session id and offset socket.io-client keeps: what its own reconnection sends.
    const client = await new SioClient(clusterInfo().url, { token: tenant.token, restaurantId: tenant.restaurantId }).open();
    clients.push(client);
    await createGuests(tenant, 'sio-before-', 1);
    await client.waitForGuests(1, 60_000);
    client.clear();

    client.cut();
    await waitFor(() => client.socket.disconnected, 'the cut', 5000);
    const missed = await writeWhileCut('sio-missed-');
    expect(client.messages).toEqual([]);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('connect', resolve);
      client.socket.once('connect_error', reject);
      client.socket.connect();
    });

    expect(await client.waitForGuests(MISSED, 30_000)).toEqual(missed);
    expect(client.connects.map((c) => c.recovered)).toEqual([false, true]);
    // One cut, seen by the client as a dropped transport (not a server-side disconnect).
    expect(client.disconnects).toEqual(['forced close']);
    expectStrictlyIncreasing(client.messages);
    // Live delivery continues after the recovery, once.
    const [after] = await createGuests(tenant, 'sio-after-', 1);
    await client.waitForGuests(MISSED + 1, 30_000);
    await sleep(500);
    expect(client.guestNames()).toEqual([...missed, after!.guestName]);
    expect(client.control).toEqual([]);
  });

  it('WebSocket: reconnecting with since = the last cursor delivers exactly the 100 missed messages', async () => {
    const client = await openWs(clusterInfo().url, { token: tenant.token, restaurantId: tenant.restaurantId });
    clients.push(client);
    await createGuests(tenant, 'ws-before-', 1);
    await client.waitForGuests(1, 60_000);
    const cursor = client.lastCursor;
    expect(cursor).toBeDefined();
    client.clear();

    client.cut();
    await waitFor(() => client.closes.length > 0, 'the cut', 5000);
    const missed = await writeWhileCut('ws-missed-');
    expect(client.messages).toEqual([]);

    await client.open(); // since = the cursor it had
    expect(await client.waitForGuests(MISSED, 30_000)).toEqual(missed);
    expectStrictlyIncreasing(client.messages);
    const [after] = await createGuests(tenant, 'ws-after-', 1);
    await client.waitForGuests(MISSED + 1, 30_000);
    await sleep(500);
    expect(client.guestNames()).toEqual([...missed, after!.guestName]);
    expect(client.control).toEqual([]);
  });
});
