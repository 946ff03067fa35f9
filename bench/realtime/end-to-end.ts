import { performance } from 'node:perf_hooks';
import { connectInBatches, connectLiteSocketIo, connectLiteWebSocket, type LiteClient } from './lite-clients';
import { percentile, sleep, until } from './stats';

export interface EndToEndOptions {
  /** Where writes go (nginx for the cluster). */
  restUrl: string;
  /** Where socket `i` connects, and from which loopback address. */
  socketTarget: (i: number) => { url: string; localAddress?: string };
  token: string;
  restaurantIds: string[];
  /** Half Socket.IO, half plain WebSocket. */
  socketsPerRestaurant: number;
  writesPerSecond: number;
  seconds: number;
  log: (line: string) => void;
  /** Called once every socket is connected (e.g. to read how they spread over replicas). */
  onConnected?: () => Promise<void>;
}

interface Socket {
  client: LiteClient;
  restaurant: number;
  protocol: 'socket.io' | 'websocket';
  counts: Map<string, number>;
}

interface Write {
  restaurant: number;
  sentAt: number;
  respondedAt?: number;
  id?: string;
  ok: boolean;
  /** Refused with 503 overloaded (the service's admission control), not failed. */
  shed?: boolean;
}

export interface EndToEndResult {
  sockets: number;
  writesPlanned: number;
  writesOk: number;
  writesFailed: number;
  /** Of the failed: refused at once with 503 overloaded (retryable), rather than errors or timeouts. */
  writesShed: number;
  /** Writes answered per second over the whole run. */
  achievedRate: number;
  restP50: number;
  restP99: number;
  latency: { p50: number; p95: number; p99: number; max: number; samples: number };
  byProtocol: Record<string, { p50: number; p99: number }>;
  /** From the event's occurredAt (set in the write's transaction) to the REST response, and to delivery. */
  occurredToResponse: { p50: number; p99: number };
  occurredToDelivery: { p50: number; p99: number };
  /** Guests the server holds after the run (some writes whose answer timed out did commit). */
  committedWrites: number;
  /** committedWrites × sockets per restaurant. */
  expectedDeliveries: number;
  delivered: number;
  missing: number;
  duplicates: number;
  /** Messages of guests the server does not hold for the socket's restaurant. */
  unexpected: number;
  completeSockets: number;
}

/**
 * Sockets subscribed to several restaurants; guests created through REST at a fixed rate (open
 * loop: a slow answer does not slow the schedule), round robin over the restaurants. Latency
 * per delivery = message received − REST response received (same clock). Completeness: every
 * socket must get every created guest of its restaurant exactly once.
 */
export async function runEndToEnd(o: EndToEndOptions): Promise<EndToEndResult> {
  let measuring = false;
  const arrivals: { id: string; at: number; protocol: string; occurred: number }[] = [];
  const total = o.restaurantIds.length * o.socketsPerRestaurant;
  const t0 = performance.now();
  const sockets = await connectInBatches(total, 100, async (i): Promise<Socket> => {
    const restaurant = i % o.restaurantIds.length;
    const protocol = Math.floor(i / o.restaurantIds.length) % 2 === 0 ? 'socket.io' : 'websocket';
    const counts = new Map<string, number>();
    const onFrame = (at: number, payload: string) => {
      const parsed = JSON.parse(payload);
      const message = protocol === 'socket.io' ? parsed[1] : parsed;
      if (message?.type !== 'guest_created') return;
      const id = message.data.id as string;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      if (measuring) arrivals.push({ id, at, protocol, occurred: Date.parse(message.timestamp) });
    };
    const target = o.socketTarget(i);
    const restaurantId = o.restaurantIds[restaurant]!;
    const client =
      protocol === 'socket.io'
        ? await connectLiteSocketIo(target.url, { token: o.token, restaurantId }, onFrame, { localAddress: target.localAddress })
        : await connectLiteWebSocket(target.url, o.token, restaurantId, onFrame, { localAddress: target.localAddress });
    return { client, restaurant, protocol, counts };
  });
  o.log(`  ${sockets.length} sockets connected in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await o.onConnected?.();

  const post = async (restaurant: number, name: string): Promise<{ id: string }> => {
    const res = await fetch(`${o.restUrl}/restaurants/${o.restaurantIds[restaurant]}/guests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ guestName: name, partySize: 2 }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { id: string; error?: { code?: string } };
    if (res.status !== 201) throw Object.assign(new Error(`POST guest -> ${res.status}: ${JSON.stringify(body)}`), { shed: res.status === 503 && body.error?.code === 'overloaded' });
    return body;
  };

  // Warm-up: one message per restaurant seen by every socket (joins done, consumers assigned).
  const warm = await Promise.all(o.restaurantIds.map((_, r) => post(r, `warm-up-${r}`)));
  const warmed = await until(() => sockets.every((s) => s.counts.has(warm[s.restaurant]!.id)), 60_000);
  if (!warmed) throw new Error('warm-up messages did not reach every socket within 60 s');
  for (const s of sockets) s.counts.clear();

  measuring = true;
  const planned = o.writesPerSecond * o.seconds;
  const writes: Write[] = [];
  const inFlight: Promise<void>[] = [];
  const interval = 1000 / o.writesPerSecond;
  const start = performance.now();
  for (let i = 0; i < planned; ) {
    const now = performance.now();
    while (i < planned && start + i * interval <= now) {
      const write: Write = { restaurant: i % o.restaurantIds.length, ok: false, sentAt: performance.now() };
      writes.push(write);
      inFlight.push(
        post(write.restaurant, `g-${i}`).then(
          ({ id }) => void Object.assign(write, { id, ok: true, respondedAt: performance.now() }),
          (err: { shed?: boolean }) => void (write.shed = err.shed === true),
        ),
      );
      i++;
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  const ok = writes.filter((w) => w.ok);
  // Writes whose answer timed out may still have committed (and their messages arrive): the
  // truth is what the server holds. Wait until deliveries stop (bounded), then ask it.
  let seen = -1;
  const settleDeadline = Date.now() + 90_000;
  while (seen !== arrivals.length && Date.now() < settleDeadline) {
    seen = arrivals.length;
    await sleep(3000);
  }
  measuring = false;
  const committed = await Promise.all(o.restaurantIds.map((id) => committedGuests(o.restUrl, o.token, id)));

  const byId = new Map(ok.map((w) => [w.id!, w]));
  const latencies: number[] = [];
  const perProtocol: Record<string, number[]> = { 'socket.io': [], websocket: [] };
  const occurredToDelivery: number[] = [];
  for (const a of arrivals) {
    occurredToDelivery.push(performance.timeOrigin + a.at - a.occurred);
    const w = byId.get(a.id);
    if (!w) continue;
    latencies.push(a.at - w.respondedAt!);
    perProtocol[a.protocol]!.push(a.at - w.respondedAt!);
  }
  const occurredOf = new Map(arrivals.map((a) => [a.id, a.occurred]));
  const occurredToResponse = ok.filter((w) => occurredOf.has(w.id!)).map((w) => performance.timeOrigin + w.respondedAt! - occurredOf.get(w.id!)!);

  let missing = 0;
  let duplicates = 0;
  let unexpected = 0;
  let completeSockets = 0;
  let delivered = 0;
  for (const s of sockets) {
    const want = committed[s.restaurant]!;
    let bad = 0;
    for (const id of want) {
      if (s.counts.has(id)) continue;
      missing++;
      bad++;
    }
    for (const [id, count] of s.counts) {
      delivered += count;
      if (count > 1) {
        duplicates += count - 1;
        bad++;
      }
      if (!want.has(id)) {
        unexpected++;
        bad++;
      }
    }
    if (bad === 0) completeSockets++;
  }
  for (const s of sockets) s.client.close();
  const expected = committed.reduce((n, set) => n + set.size, 0) * o.socketsPerRestaurant;

  const restTimes = ok.map((w) => w.respondedAt! - w.sentAt);
  return {
    sockets: sockets.length,
    writesPlanned: planned,
    writesOk: ok.length,
    writesFailed: writes.length - ok.length,
    writesShed: writes.filter((w) => w.shed).length,
    achievedRate: ok.length / elapsed,
    restP50: percentile(restTimes, 50),
    restP99: percentile(restTimes, 99),
    latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: Math.max(...latencies), samples: latencies.length },
    byProtocol: Object.fromEntries(Object.entries(perProtocol).map(([k, v]) => [k, { p50: percentile(v, 50), p99: percentile(v, 99) }])),
    occurredToResponse: { p50: percentile(occurredToResponse, 50), p99: percentile(occurredToResponse, 99) },
    occurredToDelivery: { p50: percentile(occurredToDelivery, 50), p99: percentile(occurredToDelivery, 99) },
    committedWrites: committed.reduce((n, set) => n + set.size, 0),
    expectedDeliveries: expected,
    delivered,
    missing,
    duplicates,
    unexpected,
    completeSockets,
  };
}

/** Ids of the benchmark's guests (`g-…`) the server holds for a restaurant. */
async function committedGuests(restUrl: string, token: string, restaurantId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 200) {
    const res = await fetch(`${restUrl}/restaurants/${restaurantId}/guests?limit=200&offset=${offset}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(60_000),
    });
    if (res.status !== 200) throw new Error(`GET guests -> ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { id: string; guestName: string }[];
    for (const g of page) if (g.guestName.startsWith('g-')) ids.add(g.id);
    if (page.length < 200) return ids;
  }
}
