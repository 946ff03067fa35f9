/**
 * Issue 3's API benchmark: create guest, seat guest, list 200 guests and dashboard, at
 * fixed concurrency, on the embedded mode (PGlite) and on real PostgreSQL, beside the raw
 * database ceiling (pgbench, same single-row insert). Writes docs/benchmarks.md.
 *
 *   npm run bench:api            (needs the real servers: bash scripts/infra.sh start)
 */
import { floorService } from '@qtable/service-floor';
import { guestsService } from '@qtable/service-guests';
import { startTestSystem } from '@qtable/runtime/testing';
import { json } from '@qtable/testing';
import { writeBenchmarkSection, table } from '../lib/benchmarks-doc';
import { startEmbeddedForBench } from '../lib/embedded-system';
import { runLoad, type LoadResult } from '../lib/http-load';
import { describeMachine, today } from '../lib/machine';
import { pgbenchInsertCeiling } from '../lib/pgbench';

const CONNECTIONS = 10;
const TABLES = 300;
const CREATE_SECONDS = 8;

interface Target {
  url: string;
  token: string;
  restaurantId: string;
}

async function call(t: Target, method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status}: ${await res.text()}`);
  return json(res);
}

/** Tables to seat at, and waiting parties to seat, made through the API. */
async function prepare(t: Target): Promise<{ tableIds: string[]; guests: { id: string; version: number }[] }> {
  const tableIds: string[] = [];
  for (let i = 0; i < TABLES; i++) {
    const created = await call(t, 'POST', `/restaurants/${t.restaurantId}/tables`, { number: `B${i + 1}`, capacity: 4, shape: 'square', x: i % 30, y: Math.floor(i / 30), width: 1, height: 1, rotation: 0 });
    tableIds.push(created.id);
  }
  // Guests learn tables from floor's events; wait until the projection has them all.
  for (const deadline = Date.now() + 30000; ; ) {
    const dashboard = await call(t, 'GET', `/api/v1/dashboard/${t.restaurantId}`);
    if (dashboard.tables.length >= TABLES) break;
    if (Date.now() > deadline) throw new Error('tables did not reach the guests projection');
    await new Promise((r) => setTimeout(r, 200));
  }
  const guests = [];
  for (let i = 0; i < TABLES; i++) {
    const g = await call(t, 'POST', `/restaurants/${t.restaurantId}/guests`, { guestName: `Seat ${i}`, partySize: 2 });
    guests.push({ id: g.id, version: g.version });
  }
  return { tableIds, guests };
}

async function scenario(t: Target) {
  const headers = { authorization: `Bearer ${t.token}` };
  const { tableIds, guests } = await prepare(t);
  const results: Record<string, LoadResult> = {};
  results['seat guest'] = await runLoad({
    url: t.url, headers, connections: CONNECTIONS, amount: TABLES,
    request: (i) => ({ method: 'PUT', path: `/restaurants/${t.restaurantId}/guests/${guests[i].id}`, body: { status: 'seated', tableId: tableIds[i], version: guests[i].version } }),
  });
  results['create guest'] = await runLoad({
    url: t.url, headers, connections: CONNECTIONS, durationSeconds: CREATE_SECONDS,
    request: (i) => ({ method: 'POST', path: `/restaurants/${t.restaurantId}/guests`, body: { guestName: `Walk-in ${i}`, partySize: 1 + (i % 6) } }),
  });
  results['create guest at 200 req/s'] = await runLoad({
    url: t.url, headers, connections: CONNECTIONS, durationSeconds: 5, overallRate: 200,
    request: (i) => ({ method: 'POST', path: `/restaurants/${t.restaurantId}/guests`, body: { guestName: `Paced ${i}`, partySize: 2 } }),
  });
  results['list 200 guests'] = await runLoad({
    url: t.url, headers, connections: CONNECTIONS, durationSeconds: 5,
    request: () => ({ method: 'GET', path: `/restaurants/${t.restaurantId}/guests?limit=200` }),
  });
  results['dashboard'] = await runLoad({
    url: t.url, headers, connections: CONNECTIONS, durationSeconds: 5,
    request: () => ({ method: 'GET', path: `/api/v1/dashboard/${t.restaurantId}` }),
  });
  return results;
}

async function onPostgres() {
  const restaurantId = '5e1a7c1e-0000-4000-8000-000000000001';
  const system = await startTestSystem({ services: [floorService, guestsService] });
  try {
    const token = system.token({ memberships: { [restaurantId]: 'owner' } }, 3600);
    const results = await scenario({ url: system.url, token, restaurantId });
    const ceiling = await pgbenchInsertCeiling(system.database.url, CONNECTIONS, CREATE_SECONDS);
    return { results, ceiling };
  } finally {
    await system.close();
  }
}

async function onEmbedded() {
  const embedded = await startEmbeddedForBench();
  try {
    const login = await fetch(`${embedded.url}/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@qtable.local', password: embedded.password }),
    });
    const token = (await json(login)).access_token as string;
    const me = await json(await fetch(`${embedded.url}/auth/me`, { headers: { authorization: `Bearer ${token}` } }));
    return await scenario({ url: embedded.url, token, restaurantId: me.memberships[0].restaurantId });
  } finally {
    await embedded.stop();
  }
}

const row = (name: string, r: LoadResult) => [name, r.requests, r.rps, r.p50, r.p99, r.failures];

async function main() {
  const pg = await onPostgres();
  const embedded = await onEmbedded();
  const header = ['operation', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'failures'];
  const createRatio = pg.results['create guest'].rps / pg.ceiling;
  const paced = pg.results['create guest at 200 req/s'];
  const markdown = `## API: guests and seating (issue 3)

Machine: ${describeMachine()}. Date: ${today()}. Command: \`npm run bench:api\`.
${CONNECTIONS} concurrent connections (autocannon); seat = ${TABLES} parties seated at ${TABLES} tables;
the services and the load generator share the machine's cores.

### Real PostgreSQL (floor + guests in one process, in-process bus)

${table(header, Object.entries(pg.results).map(([n, r]) => row(n, r)))}

Raw ceiling, pgbench single-row insert, ${CONNECTIONS} clients: **${pg.ceiling} tx/s**.
API create-guest / raw insert = **${createRatio.toFixed(2)}** (target ≥ 0.5: ${createRatio >= 0.5 ? 'met' : 'not met'}).
Create guest at a fixed 200 req/s: p99 **${paced.p99} ms** (target < 20 ms: ${paced.p99 < 20 ? 'met' : 'not met'}).

### Embedded (PGlite, \`npm start\`)

${table(header, Object.entries(embedded).map(([n, r]) => row(n, r)))}
`;
  writeBenchmarkSection('api', markdown);
  process.stdout.write(markdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
