import { EntitySchema } from '@mikro-orm/core';

/** An event id a consumer has handled; the primary key makes handling idempotent. */
export interface ProcessedEvent {
  consumerId: string;
  eventId: string;
  processedAt: Date;
}

export const ProcessedEventSchema = new EntitySchema<ProcessedEvent>({
  name: 'ProcessedEvent',
  tableName: 'processed_event',
  properties: {
    consumerId: { type: 'string', primary: true, fieldName: 'consumer_id' },
    eventId: { type: 'uuid', primary: true, fieldName: 'event_id' },
    processedAt: { type: 'Date', fieldName: 'processed_at' },
  },
});
