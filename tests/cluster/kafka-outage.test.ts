import { adminToken, createGuest, createGuests, newTenant, type Tenant } from './support/api';
import { expectStrictlyIncreasing, openSio, openWs, sleep, type SioClient, type WsClient } from './support/clients';
import { clusterInfo, infraCommand } from './support/test-cluster';

const OUTAGE_MS = 30_000;
const WRITE_EVERY_MS = 250;

// Kafka stopped for 30 s while hosts keep working: every write still succeeds (the event waits
// in the service's outbox), and once Kafka is back every event reaches the sockets of both
// replicas, in order, once.
describe('local cluster: Kafka outage', () => {
  let tenant: Tenant;
  const clients: (SioClient | WsClient)[] = [];

  beforeAll(async () => {
    tenant = await newTenant(await adminToken());
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    // Whatever happened, the next tests (and projects) need Kafka.
    await infraCommand('start', 'kafka');
  });

  it('accepts every write while Kafka is down and delivers all of them, in order, after it returns', async () => {
    const { url, gatewayUrls } = clusterInfo();
    const options = { token: tenant.token, restaurantId: tenant.restaurantId };
    const subscribers: { name: string; client: SioClient | WsClient }[] = [];
    for (const target of [...gatewayUrls, url]) {
      subscribers.push({ name: `socket.io via ${target}`, client: await openSio(target, options) });
      subscribers.push({ name: `websocket via ${target}`, client: await openWs(target, options) });
    }
    clients.push(...subscribers.map((s) => s.client));
    await createGuests(tenant, 'warm-up-', 1);
    for (const { name, client } of subscribers) await client.waitForGuests(1, 60_000, name);
    for (const { client } of subscribers) client.clear();

    const written: string[] = [];
    const failures: string[] = [];
    await infraCommand('stop', 'kafka');
    try {
      const until = Date.now() + OUTAGE_MS;
      for (let i = 0; Date.now() < until; i++) {
        const started = Date.now();
        try {
          written.push((await createGuest(tenant, `during-outage-${i}`)).guestName);
        } catch (err) {
          failures.push(String(err));
        }
        await sleep(Math.max(0, WRITE_EVERY_MS - (Date.now() - started)));
      }
    } finally {
      await infraCommand('start', 'kafka');
    }
    expect(failures).toEqual([]);
    expect(written.length).toBeGreaterThanOrEqual(OUTAGE_MS / WRITE_EVERY_MS / 2);
    // Nothing could have been delivered while Kafka was down: the writes sat in the outbox.
    for (const { client } of subscribers) expect(client.messages.length).toBeLessThanOrEqual(written.length);

    for (const { name, client } of subscribers) {
      expect([name, await client.waitForGuests(written.length, 150_000, name)]).toEqual([name, written]);
      expectStrictlyIncreasing(client.messages);
    }
    await sleep(1000);
    for (const { name, client } of subscribers) expect([name, client.messages.length]).toEqual([name, written.length]);
  }, 300_000);
});
