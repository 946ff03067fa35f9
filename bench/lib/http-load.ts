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
  /** Fixed arrival rate (requests/s over all connections) instead of as fast as possible. */
  overallRate?: number;
}

/** Drives a server at fixed concurrency (or a fixed rate) with autocannon and reads its latency percentiles. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
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
