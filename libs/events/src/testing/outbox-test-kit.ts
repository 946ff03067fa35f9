// Fixtures shared by the outbox tests (unit on PGlite, integration on PostgreSQL and
// Kafka). Not exported from any entry; no jest in here.
import type { EntityManager } from '@mikro-orm/postgresql';
import { createServiceOrm, migrateUp, type ServiceOrm } from '@qtable/db';
import { newEvent, type EventEnvelope } from '../envelope';
import type { BusMessage, EventBus, Subscription } from '../event-bus';
import { recordEvent } from '../record-event';

export const GUEST_TOPIC = 'guests.events';

export async function serviceOrm(clientUrl: string, schema: string): Promise<ServiceOrm> {
  const orm = await createServiceOrm({ clientUrl, schema, entities: [], migrations: [], poolMax: 2 });
  await migrateUp(orm);
  return orm;
}

export function guestEvent(restaurantId: string, n: number): EventEnvelope {
  return newEvent({ type: 'guest.seated', restaurantId, aggregateId: `guest-${restaurantId}`, aggregateVersion: n, actor: null, data: { n } });
}

/** Records `events` in the outbox in one committed transaction, as a service does. */
export async function commitEvents(orm: ServiceOrm, events: EventEnvelope[]): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    for (const event of events) recordEvent(em, GUEST_TOPIC, event);
  });
}

export async function outboxRows(orm: ServiceOrm): Promise<{ id: string; published_at: string | null }[]> {
  const schema = orm.config.get('schema');
  return orm.em.fork().execute(`select id, published_at from "${schema}"."outbox" order by seq`);
}

/** A side-effect table for consumers: no unique constraint, so a double apply shows. */
export async function createSeenTable(orm: ServiceOrm): Promise<void> {
  await orm.em.fork().execute(`create table "${orm.config.get('schema')}"."seen" (event_id uuid not null, restaurant_id text not null, n int not null, at timestamptz default clock_timestamp())`);
}

export async function insertSeen(em: EntityManager, envelope: EventEnvelope): Promise<void> {
  await em.execute(`insert into "${em.config.get('schema')}"."seen" (event_id, restaurant_id, n) values (?, ?, ?)`, [envelope.id, envelope.restaurantId, (envelope.data as { n: number }).n]);
}

export async function seenRows(orm: ServiceOrm): Promise<{ event_id: string; restaurant_id: string; n: number }[]> {
  return orm.em.fork().execute(`select event_id, restaurant_id, n from "${orm.config.get('schema')}"."seen" order by at`);
}

/**
 * Delegates to `inner`, except that `publish` throws while `down` is set (a Kafka outage
 * as the relay sees it), and an optional hook runs after each successful publish.
 */
export class FaultyBus implements EventBus {
  down = false;
  attempts = 0;
  failures = 0;
  afterPublish?: (messages: BusMessage[]) => void;

  constructor(private readonly inner: EventBus) {}

  async publish(messages: BusMessage[]): Promise<void> {
    this.attempts++;
    if (this.down) {
      this.failures++;
      throw new Error('broker unavailable (simulated)');
    }
    await this.inner.publish(messages);
    this.afterPublish?.(messages);
  }

  subscribe(subscription: Subscription): Promise<void> {
    return this.inner.subscribe(subscription);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  check(): Promise<void> {
    return this.inner.check();
  }
}

/** What each key's events look like in arrival order (their `n`), to check order per key. */
export function sequencesByKey(rows: { restaurant_id: string; n: number }[]): Record<string, number[]> {
  const result: Record<string, number[]> = {};
  for (const row of rows) (result[row.restaurant_id] ??= []).push(row.n);
  return result;
}
