export { createServiceOrm, type ServiceOrm, type ServiceOrmOptions } from './create-service-orm';
export { migrateUp } from './migrate';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
export { OutboxRecordSchema, type OutboxRecord } from './outbox/outbox-record';
export { ProcessedEventSchema, type ProcessedEvent } from './outbox/processed-event';
export { Migration00000000000000Outbox } from './outbox/outbox-migration';
export { SchemaMigration } from './schema-migration';
export { isUniqueViolation, checkDatabase } from './db-health';
export { runIdempotent, purgeIdempotencyKeys, type IdempotentOutcome, type StoredResponse } from './idempotency/idempotency-keys';
