import { randomBytes, randomUUID } from 'node:crypto';
import { Topics, type Role } from '@qtable/contracts';
import type { DeliveredEvent } from '@qtable/events';
import { defineService } from '@qtable/runtime';
import { startTestSystem, type TestSystem } from '@qtable/runtime/testing';
// Test-only: the cross-service batch is proven against the real floor service, booted as
// the embedded host boots both. Production code of guests never imports floor.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createFloorInstance, floorService } from '@qtable/service-floor';
import { Client } from 'pg';
import { createGuestsInstance, guestsService, type GuestsOverrides } from '../../src/service';
import type { Call } from './guests-system';

/** Guests and floor in one test system, as the embedded host runs them: each reaches the other's internal API at the system's own URL. */
export interface CrossServiceHarness {
  system: TestSystem;
  secret: string;
  restaurantId: string;
  tokens: Record<Role, string>;
  /** Everything delivered on guests.events and floor.events, in order. */
  events: DeliveredEvent[];
  db: Client;
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Call>;
  close(): Promise<void>;
}

/**
 * `env` adds settings (the floor's batch timeouts); `guests` adds seams. The internal URL
 * is the test system's own, known only once it listens: both services resolve it lazily.
 */
export async function startCrossServiceHarness(options: { env?: Record<string, string>; guests?: GuestsOverrides; floorUrl?: () => string } = {}): Promise<CrossServiceHarness> {
  let url = '';
  const secret = randomBytes(32).toString('base64url');
  const floor = defineService({ ...floorService, create: (ctx) => createFloorInstance(ctx, { guestsUrl: () => url }) });
  const guests = defineService({ ...guestsService, create: (ctx) => createGuestsInstance(ctx, { floorUrl: options.floorUrl ?? (() => url), ...options.guests }) });
  const system = await startTestSystem({ services: [floor, guests], env: { INTERNAL_API_TOKEN: secret, ...options.env } });
  url = system.url;
  const restaurantId = randomUUID();
  const tokens = Object.fromEntries(
    (['owner', 'manager', 'host', 'viewer'] as Role[]).map((role) => [role, system.token({ memberships: { [restaurantId]: role } })]),
  ) as Record<Role, string>;
  const events: DeliveredEvent[] = [];
  await system.bus.subscribe({ id: `cross-test.recorder-${randomUUID()}`, topics: [Topics.GUESTS, Topics.FLOOR], onEvent: async (event) => void events.push(event) });
  const db = new Client({ connectionString: system.database.url });
  await db.connect();
  const call: CrossServiceHarness['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? tokens.host}`, ...(opts.headers ?? {}) };
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(`${system.url}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    system,
    secret,
    restaurantId,
    tokens,
    events,
    db,
    call,
    async close() {
      await db.end();
      await system.close();
    },
  };
}
