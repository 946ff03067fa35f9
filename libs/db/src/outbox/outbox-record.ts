import { EntitySchema } from '@mikro-orm/core';

/**
 * A domain event waiting to be published. Persisted in the same unit of work (and so the
 * same transaction) as the state change it describes; the relay publishes rows in `seq`
 * order and stamps `publishedAt`. `seq` is a bigserial filled by the database.
 */
export interface OutboxRecord {
  id: string;
  topic: string;
  /** Kafka message key: the restaurant id, so a restaurant's events keep their order. */
  key: string;
  type: string;
  /** The full event envelope as JSON. */
  payload: Record<string, unknown>;
  /** W3C trace context (traceparent, tracestate) captured when the event was recorded. */
  headers: Record<string, string>;
  createdAt: Date;
  publishedAt?: Date | null;
}

export const OutboxRecordSchema = new EntitySchema<OutboxRecord>({
  name: 'OutboxRecord',
  tableName: 'outbox',
  properties: {
    id: { type: 'uuid', primary: true },
    topic: { type: 'string' },
    key: { type: 'string' },
    type: { type: 'string' },
    payload: { type: 'json' },
    headers: { type: 'json' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    publishedAt: { type: 'Date', fieldName: 'published_at', nullable: true },
  },
});
