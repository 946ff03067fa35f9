import { SchemaMigration } from '../schema-migration';

/** Stored first responses of POSTs sent with an Idempotency-Key; part of every service's schema. */
export class Migration00000000000001Idempotency extends SchemaMigration {
  protected statements(): string[] {
    return [
      `create table "idempotency_key" (
        "scope" text not null,
        "key" text not null,
        "request_hash" text not null,
        "status" int null,
        "body" jsonb null,
        "created_at" timestamptz not null default now(),
        primary key ("scope", "key")
      )`,
      `create index "idempotency_key_created_idx" on "idempotency_key" ("created_at")`,
    ];
  }
}
