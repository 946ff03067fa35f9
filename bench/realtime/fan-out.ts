import { performance } from 'node:perf_hooks';
import { connectInBatches, connectLiteSocketIo, type LiteClient } from './lite-clients';
import { percentile, sleep, until } from './stats';

export interface FanOutOptions {
  /** The server the sockets connect to (one gateway replica, or the bare server). */
  url: string;
  auth: Record<string, string>;
  sockets: number;
  repetitions: number;
  /**
   * Makes event `rep` happen: its payload must contain `"guestName":"fanout-<rep>"`. Resolves
   * with the reference time (performance.now() of this process): the REST answer for the
   * gateway, the emit for the bare server.
   */
  trigger: (rep: number) => Promise<number>;
  log: (line: string) => void;
}

export interface FanOutResult {
  sockets: number;
  connectSeconds: number;
  /** First socket → last socket, per repetition (ms). */
  spread: number[];
  /** Reference time (trigger) → last socket (ms). */
  toLast: number[];
  /** Reference time → first socket (ms). */
  toFirst: number[];
  /** Repetitions where some socket got nothing within the timeout, or a message twice. */
  incomplete: number;
  /** One delivered message (the Socket.IO event's payload), to replay the same shape elsewhere. */
  sample?: Record<string, unknown>;
}

const REP = /"guestName":"fanout-(\d+)"/;

/** One event to `sockets` Socket.IO clients of one room, `repetitions` times, one at a time. */
export async function runFanOut(o: FanOutOptions): Promise<FanOutResult> {
  const reps = new Map<number, { count: number; first: number; last: number }>();
  let sample: string | undefined;
  const t0 = performance.now();
  const clients: LiteClient[] = await connectInBatches(o.sockets, 250, () =>
    connectLiteSocketIo(o.url, o.auth, (at, payload) => {
      const rep = REP.exec(payload)?.[1];
      if (rep === undefined) return;
      sample ??= payload;
      const r = reps.get(Number(rep)) ?? { count: 0, first: at, last: at };
      r.count++;
      r.last = at;
      reps.set(Number(rep), r);
    }),
  );
  const connectSeconds = (performance.now() - t0) / 1000;
  o.log(`  ${clients.length} sockets connected in ${connectSeconds.toFixed(1)} s`);

  const result: FanOutResult = { sockets: clients.length, connectSeconds, spread: [], toLast: [], toFirst: [], incomplete: 0 };
  // Repetition 0 warms up (room joins done, code paths hot) and is not counted.
  for (let rep = 0; rep <= o.repetitions; rep++) {
    const reference = await o.trigger(rep);
    const done = await until(() => (reps.get(rep)?.count ?? 0) >= o.sockets, 30_000);
    await sleep(300);
    const r = reps.get(rep);
    if (rep === 0) {
      if (!done) throw new Error(`warm-up event reached ${r?.count ?? 0} of ${o.sockets} sockets`);
      continue;
    }
    if (!done || !r || r.count !== o.sockets) {
      result.incomplete++;
      continue;
    }
    result.spread.push(r.last - r.first);
    result.toLast.push(r.last - reference);
    result.toFirst.push(r.first - reference);
  }
  for (const c of clients) c.close();
  await sleep(500);
  if (sample) result.sample = (JSON.parse(sample) as unknown[])[1] as Record<string, unknown>;
  return result;
}

export const summary = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
