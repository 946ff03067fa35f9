import { context, propagation } from '@opentelemetry/api';
import type { EntityManager } from '@mikro-orm/core';
import { OutboxRecordSchema, type OutboxRecord } from '@qtable/db';
import type { EventEnvelope } from './envelope';

/** The outbox row of an event; the current trace context goes with it, so the trace continues through the relay and Kafka. */
function outboxRecordOf(topic: string, envelope: EventEnvelope): OutboxRecord {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return {
    id: envelope.id,
    topic,
    key: envelope.restaurantId,
    type: envelope.type,
    payload: envelope as unknown as Record<string, unknown>,
    headers,
    createdAt: new Date(envelope.occurredAt),
    publishedAt: null,
  };
}

/**
 * Adds `envelope` to the outbox in the EntityManager's unit of work: it commits with the
 * state change in the same flush (one transaction), or not at all. The way to record an
 * event; `eventInsertSql` is for the one hot write that is a single statement.
 */
export function recordEvent(em: EntityManager, topic: string, envelope: EventEnvelope): void {
  em.persist(em.create(OutboxRecordSchema, outboxRecordOf(topic, envelope)));
}

/**
 * The same outbox row as an INSERT with `?` placeholders (em.execute's), for a write that
 * is one statement without a unit of work: prefix it with `with … as (insert …)` and the
 * state change and its event commit together, as one statement does. `schema` is the
 * service's (raw SQL names it: no search_path is set at runtime).
 */
export function eventInsertSql(schema: string, topic: string, envelope: EventEnvelope): { sql: string; params: unknown[] } {
  const row = outboxRecordOf(topic, envelope);
  return {
    sql: `insert into "${schema}"."outbox" ("id", "topic", "key", "type", "payload", "headers", "created_at") values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`,
    params: [row.id, row.topic, row.key, row.type, JSON.stringify(row.payload), JSON.stringify(row.headers), row.createdAt],
  };
}
