import { randomUUID } from 'node:crypto';
import { Topics } from '@qtable/contracts';
import { compareCursors } from '@qtable/realtime-log';
import { uniqueName, waitFor } from '@qtable/testing';
import { connectSocketIo, connectWs, percentile, socketIo, type Received, type SocketIoClient, type WsClient } from './support/clients';
import { guestEvent, publishEach, tableEvent } from './support/events';
import { startGateway, type GatewayUnderTest } from './support/gateway-system';

jest.setTimeout(90_000);

/** The n of each message (events carry it in data), to compare sequences. */
const ns = (messages: { data: { n: number } }[]) => messages.map((m) => m.data.n);
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

function expectIncreasingCursors(messages: { cursor: string }[]): void {
  for (let i = 1; i < messages.length; i++) expect(compareCursors(messages[i - 1]!.cursor, messages[i]!.cursor)).toBeLessThan(0);
}

// Two gateway replicas of one deployment: the same Kafka topics and consumer group, the
// same Redis (log, Socket.IO adapter stream, dedupe). Each event is handled by one of them
// and must reach the clients of both, over both protocols, in order, exactly once.
describe('realtime gateway replicas sharing Redis and Kafka', () => {
  let a: GatewayUnderTest;
  let b: GatewayUnderTest;
  const clients: (SocketIoClient | WsClient)[] = [];
  const track = <T extends SocketIoClient | WsClient>(client: T): T => (clients.push(client), client);
  const tokenFor = (gateway: GatewayUnderTest, restaurantId: string) => gateway.system.token({ memberships: { [restaurantId]: 'host' } });

  beforeAll(async () => {
    const deployment = { bus: 'kafka' as const, topicPrefix: uniqueName('t'), redisPrefix: uniqueName('rt') };
    a = await startGateway(deployment);
    b = await startGateway(deployment);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
  });

  /** Until both replicas have joined the group and consume: an event is then seen everywhere. */
  async function untilDeliveredEverywhere(restaurantId: string, subscribers: (SocketIoClient | WsClient)[]): Promise<void> {
    await a.system.bus.publish([guestEvent(restaurantId, -1)]);
    for (const client of subscribers) await client.waitForMessages(1, 60_000);
    for (const client of subscribers) client.received.splice(0);
  }

  it('delivers every event to Socket.IO and WebSocket clients on both replicas, in order, exactly once', async () => {
    const restaurant = randomUUID();
    const subscribers = [
      track(await connectSocketIo(a.url, { token: tokenFor(a, restaurant), restaurantId: restaurant })),
      track(await connectSocketIo(b.url, { token: tokenFor(b, restaurant), restaurantId: restaurant })),
      track(await connectWs(a.url, { token: tokenFor(a, restaurant), restaurantId: restaurant })),
      track(await connectWs(b.url, { token: tokenFor(b, restaurant), restaurantId: restaurant })),
    ];
    await untilDeliveredEverywhere(restaurant, subscribers);

    // From both replicas' buses, on two topics: the gateway keeps one restaurant in one order.
    const events = range(0, 60).map((n) => (n % 3 === 0 ? tableEvent(restaurant, n) : guestEvent(restaurant, n)));
    await publishEach(a.system.bus, events.slice(0, 30));
    await publishEach(b.system.bus, events.slice(30));
    const sequences = [];
    for (const client of subscribers) {
      const got = await client.waitForMessages(60, 30_000);
      expectIncreasingCursors(got);
      // Per topic, the publish order holds (Kafka orders per partition, and the key is the restaurant).
      expect(ns(got.filter((m) => m.type === 'guest_updated'))).toEqual(range(0, 60).filter((n) => n % 3 !== 0));
      expect(ns(got.filter((m) => m.type === 'table_updated'))).toEqual(range(0, 60).filter((n) => n % 3 === 0));
      sequences.push(got.map((m) => m.cursor));
    }
    // Every client saw the same messages in the same (cursor) order…
    for (const sequence of sequences) expect(sequence).toEqual(sequences[0]);
    // …and nothing twice (a late duplicate would show up here).
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const client of subscribers) expect(client.messages()).toHaveLength(60);
  });

  it('never delivers one restaurant’s messages to clients of another, on either replica', async () => {
    const [r1, r2] = [randomUUID(), randomUUID()];
    const of1 = [
      track(await connectSocketIo(a.url, { token: tokenFor(a, r1), restaurantId: r1 })),
      track(await connectWs(b.url, { token: tokenFor(b, r1), restaurantId: r1 })),
    ];
    const of2 = [
      track(await connectSocketIo(b.url, { token: tokenFor(b, r2), restaurantId: r2 })),
      track(await connectWs(a.url, { token: tokenFor(a, r2), restaurantId: r2 })),
    ];
    await untilDeliveredEverywhere(r1, of1);
    await untilDeliveredEverywhere(r2, of2);
    await publishEach(a.system.bus, range(0, 40).map((n) => guestEvent(n % 2 ? r2 : r1, n)));
    for (const [clients, restaurant, expected] of [
      [of1, r1, range(0, 40).filter((n) => n % 2 === 0)],
      [of2, r2, range(0, 40).filter((n) => n % 2 === 1)],
    ] as const) {
      for (const client of clients) {
        const got = await client.waitForMessages(20, 30_000);
        expect(ns(got)).toEqual(expected);
        expect(new Set(got.map((m) => m.restaurant_id))).toEqual(new Set([restaurant]));
      }
    }
  });

  it('recovers a cut Socket.IO session on the other replica with exactly the 100 events it missed', async () => {
    const restaurant = randomUUID();
    const watcher = track(await connectWs(a.url, { token: tokenFor(a, restaurant), restaurantId: restaurant }));
    const first = track(await connectSocketIo(a.url, { token: tokenFor(a, restaurant), restaurantId: restaurant }));
    await untilDeliveredEverywhere(restaurant, [watcher, first]);
    await a.system.bus.publish([guestEvent(restaurant, 0)]);
    await first.waitForMessages(1);
    // The connection state recovery handle (session id and last stream offset) the client keeps.
    const handle = first.socket as unknown as { _pid: string; _lastOffset: string };
    expect(handle._pid).toBeTruthy();
    first.socket.io.engine.close(); // a network cut: the server keeps the session
    await waitFor(() => first.socket.disconnected, 'the cut');

    const missed = range(1, 100).map((n) => guestEvent(restaurant, n));
    await publishEach(b.system.bus, missed);
    await watcher.waitForMessages(101, 30_000);

    // Resume on replica B (as behind a load balancer) with the session of replica A.
    const resumed = track(socketIo(b.url, { token: tokenFor(b, restaurant) }));
    Object.assign(resumed.socket, { _pid: handle._pid, _lastOffset: handle._lastOffset });
    await new Promise<void>((resolve, reject) => {
      resumed.socket.once('connect', resolve);
      resumed.socket.once('connect_error', reject);
      resumed.socket.connect();
    });
    expect(resumed.socket.recovered).toBe(true);
    const got = await resumed.waitForMessages(100, 15_000);
    expect(ns(got)).toEqual(range(1, 100));
    expectIncreasingCursors(got);
    // Recovered into the restaurant's room: live messages keep coming, once.
    await a.system.bus.publish([guestEvent(restaurant, 101)]);
    await resumed.waitForMessages(101);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ns(resumed.messages())).toEqual(range(1, 101));
  });

  it('resumes WebSocket and Socket.IO clients from their cursor on either replica, exactly, while events keep coming', async () => {
    const restaurant = randomUUID();
    const before = track(await connectWs(a.url, { token: tokenFor(a, restaurant), restaurantId: restaurant }));
    const watcher = track(await connectWs(b.url, { token: tokenFor(b, restaurant), restaurantId: restaurant }));
    await untilDeliveredEverywhere(restaurant, [before, watcher]);
    await a.system.bus.publish([guestEvent(restaurant, 0)]);
    const [last] = await before.waitForMessages(1);
    before.close();
    await before.closed;

    // 100 events while the device is away…
    await publishEach(a.system.bus, range(1, 100).map((n) => guestEvent(restaurant, n)));
    await watcher.waitForMessages(101, 30_000);
    // …and 100 more while it reconnects and replays: the replay/live seam must not lose or repeat one.
    const during = publishEach(b.system.bus, range(101, 100).map((n) => guestEvent(restaurant, n)));
    const ws = track(await connectWs(b.url, { token: tokenFor(b, restaurant), restaurantId: restaurant, since: last.cursor }));
    const sio = track(await connectSocketIo(a.url, { token: tokenFor(a, restaurant), restaurantId: restaurant, since: last.cursor }));
    await during;
    for (const client of [ws, sio]) {
      const got = await client.waitForMessages(200, 30_000);
      expect(ns(got)).toEqual(range(1, 200));
      expectIncreasingCursors(got);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const client of [ws, sio]) expect(client.messages()).toHaveLength(200);
  });

  it('measures event-to-client latency over a few hundred events (Kafka, two replicas)', async () => {
    const restaurant = randomUUID();
    const subscribers = [
      track(await connectSocketIo(a.url, { token: tokenFor(a, restaurant), restaurantId: restaurant })),
      track(await connectWs(b.url, { token: tokenFor(b, restaurant), restaurantId: restaurant })),
    ];
    await untilDeliveredEverywhere(restaurant, subscribers);
    const summary: Record<string, string> = {};
    // Paced at ~100 events/s (a busy restaurant group), then as fast as one producer goes: the
    // burst measures the backlog of this one process hosting Kafka clients, both replicas and
    // the clients on two cores, more than the gateway.
    for (const [run, paceMs] of [['paced', 10], ['burst', 0]] as const) {
      for (const client of subscribers) client.received.splice(0);
      const count = 300;
      for (const event of range(0, count).map((n) => guestEvent(restaurant, n))) {
        await publishEach(a.system.bus, [event]);
        if (paceMs) await new Promise((resolve) => setTimeout(resolve, paceMs));
      }
      for (const [name, client] of [['socket.io', subscribers[0]!], ['websocket', subscribers[1]!]] as const) {
        await client.waitForMessages(count, 30_000);
        const latencies = client.received.filter((r: Received) => r.message?.data).map((r: Received) => r.at - Date.parse(r.message.timestamp));
        summary[`${run} ${name}`] = `p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`;
        // Loose bounds: this machine is shared; they catch a stall, not a regression of milliseconds.
        expect(percentile(latencies, 99)).toBeLessThan(run === 'paced' ? 1000 : 5000);
      }
    }
    // In the test output: occurredAt (just before publish) → Kafka → gateway → Redis → client.
    console.log(`event→client latency, ${JSON.stringify(summary, null, 1)}`);
  });

  it("reports its consumer group's lag on /metrics, on both replicas, per topic and partition, 0 once every event is handled", async () => {
    const restaurant = randomUUID();
    const watcher = track(await connectWs(b.url, { token: tokenFor(b, restaurant), restaurantId: restaurant }));
    await untilDeliveredEverywhere(restaurant, [watcher]);
    await publishEach(a.system.bus, range(0, 30).map((n) => guestEvent(restaurant, n)));
    await watcher.waitForMessages(30, 30_000);
    // The series are the group's (each replica samples the whole group), not the replica's partitions.
    for (const gateway of [a, b]) {
      const series = await waitFor(async () => {
        const text = await (await fetch(`${gateway.url}/metrics`)).text();
        const found = [...text.matchAll(/^kafka_consumer_lag\{subscription="realtime-gateway\.fanout",topic="([^"]+)",partition="(\d+)"[^}]*\} (\S+)$/gm)];
        return found.length === 12 && found.every(([, , , value]) => value === '0') ? found : null;
      }, 'lag 0 on the 4 topics x 3 partitions', 15_000);
      expect(new Set(series.map(([, topic]) => topic))).toEqual(new Set([Topics.AUTH, Topics.FLOOR, Topics.GUESTS, Topics.RESERVATIONS]));
    }
  });
});
