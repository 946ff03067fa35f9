import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers and socket errors: a benchmark of failures is no benchmark. */
  failures: number;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  /** Builds each request; `i` counts from 0. */
  request: (i: number) => { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown; headers?: Record<string, string> };
  connections: number;
  /** Stop after this many requests (bounded), or after `durationSeconds`. */
  amount?: number;
  durationSeconds?: number;
}

/** Drives a server at fixed concurrency with autocannon and reads its latency percentiles (a fixed rate: runPaced). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    headers: options.headers,
    requests: [
      {
        setupRequest: (req) => {
          const r = options.request(i++);
          return {
            ...req,
            method: r.method,
            path: r.path,
            headers: { ...req.headers, ...(r.headers ?? {}), ...(r.body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: r.body === undefined ? undefined : JSON.stringify(r.body),
          };
        },
      },
    ],
  });
  const requests = result.requests.total;
  return {
    requests,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

export interface PacedOptions {
  url: string;
  headers: Record<string, string>;
  request: LoadOptions['request'];
  /** Arrivals per second, evenly spaced. */
  rate: number;
  durationSeconds: number;
  /** Keep-alive sockets the client may open; a slow server gets more requests in flight, as real clients would send them. Default 64. */
  maxSockets?: number;
}

/**
 * A fixed arrival rate measured honestly: request i is due at start + i / rate, whether or
 * not earlier ones have answered (open loop), and its latency counts from when it was due,
 * so a late generator cannot hide queueing (coordinated omission). autocannon's `overallRate`
 * is not that: each connection fires its whole per-second quota back to back at the top of
 * every second, so "200 req/s" was a burst of 200 and its p99 the burst's queue.
 */
export async function runPaced(options: PacedOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const target = new URL(options.url);
  const send = (i: number) =>
    new Promise<number>((resolve) => {
      const r = options.request(i);
      const body = r.body === undefined ? undefined : JSON.stringify(r.body);
      const headers = { ...options.headers, ...(r.headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) };
      const req = httpRequest({ agent, host: target.hostname, port: target.port, method: r.method, path: r.path, headers, timeout: 30_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const total = Math.round(options.rate * options.durationSeconds);
  const latencies: number[] = [];
  let failures = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      send(i).then((status) => {
        latencies.push(performance.now() - due);
        if (status < 200 || status >= 300) failures++;
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsedSeconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return { requests: total, rps: Math.round(total / elapsedSeconds), p50: at(0.5), p99: at(0.99), failures };
}
