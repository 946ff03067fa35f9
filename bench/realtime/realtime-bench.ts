/**
 * Issue 4's realtime benchmark, on the local cluster (scripts/cluster.sh: nginx, two gateway
 * replicas, real PostgreSQL, Kafka, Redis) and on the embedded mode:
 *   1. end-to-end latency, REST write answered → message received, 1,000 sockets (half
 *      Socket.IO, half plain WebSocket) through nginx over both replicas, 200 writes/s for 20 s,
 *      and delivery completeness;
 *   2. fan-out of one event to 5,000 Socket.IO sockets of one restaurant on ONE replica, 20 times,
 *      beside the same fan-out through a bare Socket.IO server (same Redis Streams adapter);
 *   3. the embedded mode's end-to-end latency.
 * Writes the "realtime" section of docs/benchmarks.md. Loopback only; every count and wait bounded.
 *
 *   bash bench/realtime/run.sh        (raises the open-file limit, then runs this file)
 *   node --require tsx/cjs bench/realtime/realtime-bench.ts
 * Environment: BENCH_RT_SECONDS (20), BENCH_RT_RATE (200), BENCH_RT_FANOUT_SOCKETS (5000),
 * BENCH_RT_REPETITIONS (20), BENCH_RT_SUSTAINED_RATE (30), BENCH_RT_EMBEDDED_RATES (10,50); QTABLE_CLUSTER_* choose the cluster.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeBenchmarkSection } from '../lib/benchmarks-doc';
import { startEmbeddedForBench } from '../lib/embedded-system';
import { infraEnv } from '../lib/infra-env';
import { describeMachine, today } from '../lib/machine';
import { createRestaurants, emitHistogram, ensureCluster, outboxLag, replicaConnections, rest, stopCluster } from './cluster-target';
import { runEndToEnd } from './end-to-end';
import { runFanOut, type FanOutResult } from './fan-out';
import { renderReport, type ClusterRun, type EmbeddedRun } from './report';
import { histogramPercentile } from './stats';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
export const SETTINGS = {
  restaurants: 50,
  socketsPerRestaurant: 20,
  rate: num('BENCH_RT_RATE', 200),
  seconds: num('BENCH_RT_SECONDS', 20),
  fanOutSockets: num('BENCH_RT_FANOUT_SOCKETS', 5000),
  repetitions: num('BENCH_RT_REPETITIONS', 20),
  embeddedRestaurants: 10,
  /** Second cluster run: a light rate, where guests' outbox relay keeps up on this machine. */
  sustainedRate: num('BENCH_RT_SUSTAINED_RATE', 30),
  /** The embedded mode at a light and at a busy rate. */
  embeddedRates: (process.env.BENCH_RT_EMBEDDED_RATES ?? '10,50').split(',').map(Number),
  embeddedSeconds: 10,
  /** Loopback source addresses of the sockets: nginx hashes by client address. */
  sourceAddresses: 40,
};

const log = (line: string) => process.stderr.write(`${line}\n`);

export interface ClusterResults {
  /** At the target rate, then at a rate the write path sustains here. */
  runs: ClusterRun[];
  gatewayFanOut: FanOutResult;
  /** The bare Socket.IO server's fan-out, measured with the cluster up (same background). */
  bareFanOut: FanOutResult;
}

async function endToEndOnCluster(cluster: ReturnType<typeof ensureCluster>, rate: number, label: string, seconds = SETTINGS.seconds) {
  log(`cluster ${cluster.url}: end-to-end (${label}), ${SETTINGS.restaurants * SETTINGS.socketsPerRestaurant} sockets, ${rate} writes/s for ${seconds} s`);
  const tenants = await createRestaurants(cluster.url, SETTINGS.restaurants, `Bench realtime ${label}`);
  const before = await Promise.all(cluster.gatewayUrls.map(replicaConnections));
  let perReplica: number[] = [];
  const histBefore = await Promise.all(cluster.gatewayUrls.map(emitHistogram));
  // guests' outbox relay lag, sampled through the run: how far event publishing falls behind.
  let maxOutboxLag = 0;
  const sampler = setInterval(() => {
    outboxLag(cluster.guestsUrl).then((lag) => (maxOutboxLag = Math.max(maxOutboxLag, lag || 0)), () => undefined);
  }, 500);
  const e2e = await runEndToEnd({
    restUrl: cluster.url,
    socketTarget: (i) => ({ url: cluster.url, localAddress: `127.0.0.${10 + (i % SETTINGS.sourceAddresses)}` }),
    token: tenants.token,
    restaurantIds: tenants.ids,
    socketsPerRestaurant: SETTINGS.socketsPerRestaurant,
    writesPerSecond: rate,
    seconds,
    log,
    onConnected: async () => {
      const now = await Promise.all(cluster.gatewayUrls.map(replicaConnections));
      perReplica = now.map((n, i) => n - before[i]!);
      log(`  sockets per replica: ${perReplica.join(' / ')}`);
    },
  }).finally(() => clearInterval(sampler));
  const histAfter = await Promise.all(cluster.gatewayUrls.map(emitHistogram));
  const merge = (hs: Map<number, number>[]) => hs.reduce((acc, h) => (h.forEach((v, k) => acc.set(k, (acc.get(k) ?? 0) + v)), acc), new Map<number, number>());
  const [hb, ha] = [merge(histBefore), merge(histAfter)];
  log(`  answered ${e2e.writesOk}/${e2e.writesPlanned} writes (${e2e.achievedRate.toFixed(0)}/s), e2e p99 ${e2e.latency.p99.toFixed(1)} ms`);
  return { rate, e2e, perReplica, maxOutboxLagSeconds: maxOutboxLag, emitP50: histogramPercentile(hb, ha, 50) * 1000, emitP99: histogramPercentile(hb, ha, 99) * 1000 };
}

async function onCluster(): Promise<ClusterResults> {
  const cluster = ensureCluster();
  try {
    // First at a light rate, so that the realtime path's own latency shows rather than the
    // queue of an overloaded write path — and before the target rate, whose backlog the
    // processes are still working off for a while after it ends.
    // A fresh cluster's first seconds (JIT, consumer groups settling, pools filling) are
    // not what a restaurant sees on a running system: warm it up first, unrecorded.
    await endToEndOnCluster(cluster, SETTINGS.sustainedRate, 'warm-up', 10);
    const sustained = await endToEndOnCluster(cluster, SETTINGS.sustainedRate, 'light rate');
    const target = await endToEndOnCluster(cluster, SETTINGS.rate, 'target rate');

    log(`cluster: fan-out to ${SETTINGS.fanOutSockets} sockets on ${cluster.gatewayUrls[0]}, ${SETTINGS.repetitions} times`);
    const fan = await createRestaurants(cluster.url, 1, 'Bench fan-out');
    const restaurantId = fan.ids[0]!;
    const gatewayFanOut = await runFanOut({
      url: cluster.gatewayUrls[0]!,
      auth: { token: fan.token, restaurantId },
      sockets: SETTINGS.fanOutSockets,
      repetitions: SETTINGS.repetitions,
      trigger: async (rep) => {
        await rest(cluster.url, 'POST', `/restaurants/${restaurantId}/guests`, fan.token, { guestName: `fanout-${rep}`, partySize: 2 });
        return performance.now();
      },
      log,
    });
    // The message the bare server will send: a real one of the gateway, same shape and size.
    sampleMessage = gatewayFanOut.sample;
    // The baseline runs now, with the cluster's processes still up around it as they were
    // around the gateway: measured after they stopped, it had the machine to itself.
    const bareFanOut = await onBareServer();
    return { runs: [target, sustained], gatewayFanOut, bareFanOut };
  } finally {
    if (cluster.startedHere) stopCluster();
  }
}

let sampleMessage: Record<string, unknown> | undefined;

async function onBareServer(): Promise<FanOutResult> {
  const redisUrl = infraEnv().REDIS_URL;
  const child: ChildProcess = fork(resolve(__dirname, 'bare-socket-io-server.ts'), [], {
    execArgv: ['--require', 'tsx/cjs'],
    env: { ...process.env, REDIS_URL: redisUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const port = await new Promise<number>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('bare server did not start')), 30_000);
      child.once('message', (m: { port: number }) => (clearTimeout(timer), ok(m.port)));
    });
    log(`bare Socket.IO server :${port}: fan-out to ${SETTINGS.fanOutSockets} sockets, ${SETTINGS.repetitions} times`);
    const base = sampleMessage ?? { type: 'guest_created', action: 'created', data: {} };
    return await runFanOut({
      url: `http://127.0.0.1:${port}`,
      auth: { restaurantId: 'bench' },
      sockets: SETTINGS.fanOutSockets,
      repetitions: SETTINGS.repetitions,
      trigger: (rep) =>
        new Promise<number>((ok) => {
          child.once('message', (m: { at: number }) => ok(m.at - performance.timeOrigin));
          const message = { ...base, data: { ...(base.data as object), guestName: `fanout-${rep}` } };
          child.send({ type: 'emit', room: 'restaurant:bench', message });
        }),
      log,
    });
  } finally {
    child.disconnect();
    child.kill();
  }
}

async function onEmbedded(): Promise<EmbeddedRun[]> {
  const embedded = await startEmbeddedForBench();
  try {
    const runs: EmbeddedRun[] = [];
    for (const rate of SETTINGS.embeddedRates) {
      log(`embedded ${embedded.info.url}: end-to-end, ${SETTINGS.embeddedRestaurants * SETTINGS.socketsPerRestaurant} sockets, ${rate} writes/s for ${SETTINGS.embeddedSeconds} s`);
      const tenants = await createRestaurants(embedded.info.url, SETTINGS.embeddedRestaurants, `Bench embedded ${rate}`);
      const e2e = await runEndToEnd({
        restUrl: embedded.info.url,
        socketTarget: () => ({ url: embedded.info.url }),
        token: tenants.token,
        restaurantIds: tenants.ids,
        socketsPerRestaurant: SETTINGS.socketsPerRestaurant,
        writesPerSecond: rate,
        seconds: SETTINGS.embeddedSeconds,
        log,
      });
      log(`  answered ${e2e.writesOk}/${e2e.writesPlanned} writes, e2e p99 ${e2e.latency.p99.toFixed(1)} ms`);
      runs.push({ rate, e2e });
    }
    return runs;
  } finally {
    await embedded.stop();
  }
}

async function main() {
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const cluster = await onCluster();
  const embedded = await onEmbedded();
  const markdown = renderReport({ machine: describeMachine(), date: today(), load, settings: SETTINGS, cluster, bare: cluster.bareFanOut, embedded });
  writeBenchmarkSection('realtime', markdown);
  process.stdout.write(`${markdown}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
