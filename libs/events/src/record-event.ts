import { context, propagation } from '@opentelemetry/api';
import type { EntityManager } from '@mikro-orm/core';
import { OutboxRecordSchema } from '@qtable/db';
import type { EventEnvelope } from './envelope';

/**
 * Adds `envelope` to the outbox in the EntityManager's unit of work: it commits with the
 * state change in the same flush (one transaction), or not at all. The current trace
 * context is stored with it so that the trace continues through the relay and Kafka.
 */
export function recordEvent(em: EntityManager, topic: string, envelope: EventEnvelope): void {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  em.persist(
    em.create(OutboxRecordSchema, {
      id: envelope.id,
      topic,
      key: envelope.restaurantId,
      type: envelope.type,
      payload: envelope as unknown as Record<string, unknown>,
      headers,
      createdAt: new Date(envelope.occurredAt),
      publishedAt: null,
    }),
  );
}
