import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';

const ROOT = resolve(__dirname, '../..');
const CLUSTER = resolve(ROOT, 'scripts/cluster.sh');

export interface ClusterTarget {
  /** nginx, the one entry point. */
  url: string;
  gatewayUrls: string[];
  /** The guests process directly (its /metrics: the outbox relay's lag). */
  guestsUrl: string;
  adminEmail: string;
  adminPassword: string;
  /** Whether this run started the cluster (then it stops it at the end). */
  startedHere: boolean;
}

function clusterEnv(): Record<string, string> {
  const out = execFileSync('bash', [CLUSTER, 'env'], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .map((line) => /^export ([A-Z0-9_]+)=(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

/** The local cluster of scripts/cluster.sh (its QTABLE_CLUSTER_* settings apply), started if it is not running. */
export function ensureCluster(): ClusterTarget {
  let running = true;
  try {
    execFileSync('bash', [CLUSTER, 'status'], { stdio: 'ignore' });
  } catch {
    running = false;
  }
  if (!running) execFileSync('bash', [CLUSTER, 'start'], { stdio: ['ignore', process.stderr, process.stderr], timeout: 600_000 });
  const env = clusterEnv();
  return {
    url: env.QTABLE_CLUSTER_URL!,
    gatewayUrls: env.QTABLE_CLUSTER_GATEWAY_URLS!.split(','),
    guestsUrl: env.QTABLE_CLUSTER_GUESTS_URL!,
    adminEmail: env.QTABLE_CLUSTER_ADMIN_EMAIL!,
    adminPassword: readFileSync(env.QTABLE_CLUSTER_ADMIN_PASSWORD_FILE!, 'utf8').trim(),
    startedHere: !running,
  };
}

export function stopCluster(): void {
  execFileSync('bash', [CLUSTER, 'stop'], { stdio: ['ignore', process.stderr, process.stderr], timeout: 120_000 });
}

/** A JSON REST call that must answer `expect` (default 200/201). */
export async function rest<T>(baseUrl: string, method: string, path: string, token: string | undefined, body?: unknown, expect?: number): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== (expect ?? (method === 'POST' ? 201 : 200))) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/**
 * A new owner (public sign-up: a new organization and its first restaurant) with `count`
 * restaurants in all; the last answer's token includes exactly those. A fresh owner per run,
 * because memberships travel in the token: an account that owns every restaurant ever created
 * here would soon carry a token larger than the 8 KB header limit.
 */
export async function createRestaurants(baseUrl: string, count: number, label: string): Promise<{ ids: string[]; token: string }> {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const registered = await rest<{ restaurant: { id: string }; access_token: string }>(baseUrl, 'POST', '/auth/register', undefined, {
    email,
    password: `bench-${Math.random().toString(36).slice(2)}`,
    name: 'Bench Owner',
    restaurantName: `${label} 1`,
  });
  const ids: string[] = [registered.restaurant.id];
  let token = registered.access_token;
  for (let i = 1; i < count; i++) {
    const created = await rest<{ restaurant: { id: string }; access_token: string }>(baseUrl, 'POST', '/restaurants', token, { name: `${label} ${i + 1}` });
    ids.push(created.restaurant.id);
    token = created.access_token;
  }
  return { ids, token };
}

/** realtime_connections of one replica (its own /metrics). */
export async function replicaConnections(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  let total = 0;
  for (const match of text.matchAll(/^realtime_connections\{[^}]*\} (\d+)/gm)) total += Number(match[1]);
  return total;
}

/** The gateway's occurredAt→emit histogram (cumulative buckets, seconds) summed over protocols. */
export async function emitHistogram(gatewayUrl: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${gatewayUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const buckets = new Map<number, number>();
  for (const match of text.matchAll(/^realtime_event_to_emit_seconds_bucket\{([^}]*)\} (\d+)/gm)) {
    const le = /le="([^"]+)"/.exec(match[1]!)?.[1];
    if (!le) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/** guests' outbox relay lag (seconds since the oldest unpublished event), from its /metrics. */
export async function outboxLag(guestsUrl: string): Promise<number> {
  const text = await (await fetch(`${guestsUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  return Number(/^outbox_lag_seconds\{[^}]*\} ([\d.e+-]+)/m.exec(text)?.[1] ?? NaN);
}
