import { randomUUID } from 'node:crypto';
import { FloorEvents, Topics, type Role, type TableView } from '@qtable/contracts';
import { newEvent, type DeliveredEvent } from '@qtable/events';
import { startTestSystem, type TestSystem } from '@qtable/runtime/testing';
import { Client } from 'pg';
import { defineService } from '@qtable/runtime';
import { createGuestsInstance, guestsService, type GuestsOverrides } from '../../src/service';

export interface Call {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** The guests service as production wires it, on a fresh database, plus helpers that read as the host stand's calls. */
export interface GuestsHarness {
  system: TestSystem;
  /** A plain connection to the system's database, for what a test checks or breaks behind the API. */
  db: Client;
  restaurantId: string;
  tokens: Record<Role, string>;
  /** Events delivered on guests.events, in order. */
  events: DeliveredEvent[];
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<Call>;
  /** Publishes a floor table event on the bus as floor would (resolves once the projection handled it). */
  publishTable(fields?: Partial<TableView>, options?: { type?: string; version?: number; restaurantId?: string }): Promise<TableView>;
  close(): Promise<void>;
}

export function tableView(restaurantId: string, fields: Partial<TableView> = {}): TableView {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    restaurantId,
    number: String(Math.floor(Math.random() * 900) + 100),
    capacity: 4,
    minCapacity: null,
    shape: 'square',
    x: 0,
    y: 0,
    width: 80,
    height: 80,
    rotation: 0,
    sectionId: null,
    status: 'available',
    outOfService: false,
    partyId: null,
    combinableWith: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

/** `overrides` replace deps of the service (the clock, the occupy seam) for tests that need them. */
export async function startGuestsHarness(
  overrides: GuestsOverrides = {},
  options: { bus?: 'memory' | 'kafka' } = {},
): Promise<GuestsHarness> {
  const service = Object.keys(overrides).length === 0 ? guestsService : defineService({ ...guestsService, create: (ctx) => createGuestsInstance(ctx, overrides) });
  const system = await startTestSystem({ services: [service], bus: options.bus });
  const restaurantId = randomUUID();
  const tokens = Object.fromEntries(
    (['owner', 'manager', 'host', 'viewer'] as Role[]).map((role) => [role, system.token({ memberships: { [restaurantId]: role } })]),
  ) as Record<Role, string>;
  const events: DeliveredEvent[] = [];
  await system.bus.subscribe({ id: `guests-test.recorder-${randomUUID()}`, topics: [Topics.GUESTS], onEvent: async (event) => void events.push(event) });

  const call: GuestsHarness['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? tokens.host}`, ...(options.headers ?? {}) };
    let body: string | undefined;
    if (options.raw !== undefined || options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = options.raw ?? JSON.stringify(options.body);
    }
    const res = await fetch(`${system.url}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };

  const publishTable: GuestsHarness['publishTable'] = async (fields = {}, options = {}) => {
    const rid = options.restaurantId ?? fields.restaurantId ?? restaurantId;
    const view = tableView(rid, { ...fields, ...(options.version ? { version: options.version } : {}) });
    const envelope = newEvent({
      type: options.type ?? FloorEvents.TABLE_CREATED,
      restaurantId: rid,
      aggregateId: view.id,
      aggregateVersion: view.version,
      actor: { type: 'user', id: 'floor-test' },
      data: view as unknown as Record<string, unknown>,
    });
    await system.bus.publish([{ topic: Topics.FLOOR, key: rid, envelope, headers: {} }]);
    return view;
  };

  const db = new Client({ connectionString: system.database.url });
  await db.connect();
  const close = async () => {
    await db.end();
    await system.close();
  };
  return { system, db, restaurantId, tokens, events, call, publishTable, close };
}
