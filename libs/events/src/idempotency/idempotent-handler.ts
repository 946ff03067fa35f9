import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrm } from '@qtable/db';
import type { DeliveredEvent, Subscription } from '../event-bus';
import { schemaName } from '../internal/schema-name';

/**
 * Runs `fn` at most once per (consumer, event), for consumers with a database.
 *
 * In ONE transaction: insert (consumerId, event.id) into `processed_event` (on conflict do
 * nothing); if the row is new, run `fn` with the transaction's EntityManager, whose changes
 * commit together with the marker. So the side effect and "handled" commit or roll back
 * together: a redelivery after a commit is skipped, a redelivery after a failure runs
 * again. Two deliveries racing: the second insert waits on the first's row lock and then
 * skips (or runs, if the first rolled back).
 *
 * `fn` must do its database work through the EntityManager it is given (never another
 * one: on PGlite that would deadlock, on PostgreSQL it would escape the transaction).
 * `event.id` must be a uuid (the envelope's). Returns whether `fn` ran.
 */
export async function handleOnce(em: EntityManager, consumerId: string, event: { id: string }, fn: (em: EntityManager) => Promise<void>): Promise<boolean> {
  const schema = schemaName(em.config);
  return em.transactional(async (tx) => {
    const inserted = await tx.execute<{ event_id: string }[]>(
      `insert into "${schema}"."processed_event" (consumer_id, event_id) values (?, ?)
       on conflict do nothing returning event_id`,
      [consumerId, event.id],
    );
    if (inserted.length === 0) return false;
    await fn(tx);
    return true;
  });
}

/**
 * A Subscription.onEvent that handles each event once (see handleOnce), on a fresh
 * EntityManager per delivery. A throw rolls everything back and lets the bus redeliver.
 *
 * @example
 * await bus.subscribe({ id: 'floor.guest-seated', topics: [Topics.GUESTS],
 *   onEvent: idempotent(orm, 'floor.guest-seated', async (em, event) => { ... }) });
 */
export function idempotent(orm: ServiceOrm, consumerId: string, handler: (em: EntityManager, event: DeliveredEvent) => Promise<void>): Subscription['onEvent'] {
  return async (event) => {
    await handleOnce(orm.em.fork(), consumerId, event.envelope, (em) => handler(em, event));
  };
}
