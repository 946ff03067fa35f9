import { randomUUID } from 'node:crypto';
import { GuestEvents, Topics, type GuestStatus, type Role } from '@qtable/contracts';
import type { ServiceOrm } from '@qtable/db';
import { newEvent, type DeliveredEvent, type EventEnvelope } from '@qtable/events';
import { startTestSystem, type TestSystem } from '@qtable/runtime/testing';
import { floorService } from '../../src/service';

export interface Call {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Staff {
  restaurantId: string;
  owner: string;
  manager: string;
  host: string;
  viewer: string;
}

/**
 * The floor service booted by the runtime exactly as in production (own schema, migrations,
 * outbox relay, subscriptions) on a fresh database of the real PostgreSQL, with a recorder
 * of everything the relay delivers on the floor's topic.
 */
export interface FloorTestSystem {
  system: TestSystem;
  orm: ServiceOrm;
  /** Events the outbox relay delivered on Topics.FLOOR, in order. */
  delivered: DeliveredEvent[];
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<Call>;
  /** A new restaurant with a token per role. */
  restaurant(): Staff;
  /** Rows in a floor table (`name` or `name alias`, schema-qualified here), for "nothing was written" checks. */
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  /** Outbox rows of the floor, oldest first. */
  outbox(aggregateId: string): Promise<{ type: string; payload: EventEnvelope }[]>;
  close(): Promise<void>;
}

export async function startFloorSystem(env: Record<string, string> = {}, bus: 'memory' | 'kafka' = 'memory'): Promise<FloorTestSystem> {
  const system = await startTestSystem({ services: [floorService], env, bus });
  const orm = system.running.services[0].orm;
  const delivered: DeliveredEvent[] = [];
  await system.bus.subscribe({ id: 'floor-test.recorder', topics: [Topics.FLOOR], onEvent: async (event) => void delivered.push(event) });
  return {
    system,
    orm,
    delivered,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(`${system.url}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
    restaurant() {
      const restaurantId = randomUUID();
      const token = (role: Role) => system.token({ memberships: { [restaurantId]: role } });
      return { restaurantId, owner: token('owner'), manager: token('manager'), host: token('host'), viewer: token('viewer') };
    },
    async count(table, where = 'true', params = []) {
      const [name, alias = ''] = table.split(' ');
      const [row] = await orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from "floor"."${name}" ${alias} where ${where}`, params);
      return Number(row.n);
    },
    async outbox(aggregateId) {
      return orm.em
        .fork()
        .execute(`select type, payload from "floor"."outbox" where payload->>'aggregateId' = ? order by seq`, [aggregateId]);
    },
    close: () => system.close(),
  };
}

/** A guest event as guests will publish it: data is a GuestView (the fields floor reads, plus some it ignores). */
export function guestEvent(
  restaurantId: string,
  guest: { id: string; status: GuestStatus; tableIds: string[]; version: number },
  type: string = GuestEvents.GUEST_STATUS_CHANGED,
): EventEnvelope {
  return newEvent({
    type,
    restaurantId,
    aggregateId: guest.id,
    aggregateVersion: guest.version,
    actor: { type: 'user', id: randomUUID() },
    data: {
      id: guest.id,
      restaurantId,
      guestName: 'Ada Lovelace',
      partySize: 4,
      status: guest.status,
      tableId: guest.tableIds[0] ?? null,
      tableIds: guest.tableIds,
      version: guest.version,
    },
  });
}

/** Publishes on the bus as the relay of another service would; on the in-memory bus it resolves once floor handled it. */
export async function publish(system: TestSystem, topic: string, envelope: EventEnvelope): Promise<void> {
  await system.bus.publish([{ topic, key: envelope.restaurantId, envelope, headers: {} }]);
}

/** A table body with the required fields. */
export const tableBody = (number: string, extra: Record<string, unknown> = {}) => ({ number, capacity: 4, ...extra });
