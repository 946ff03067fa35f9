import { SchemaMigration } from '../schema-migration';

/** Outbox, relay lease and processed-event tables; part of every service's schema. */
export class Migration00000000000000Outbox extends SchemaMigration {
  protected statements(): string[] {
    return [
      `create table "outbox" (
        "seq" bigserial not null,
        "id" uuid primary key,
        "topic" text not null,
        "key" text not null,
        "type" text not null,
        "payload" jsonb not null,
        "headers" jsonb not null default '{}',
        "created_at" timestamptz not null default now(),
        "published_at" timestamptz null
      )`,
      // The relay scans only unpublished rows, in insertion order.
      `create index "outbox_unpublished_idx" on "outbox" ("seq") where "published_at" is null`,
      `create table "outbox_relay_lease" (
        "name" text primary key,
        "holder" text not null,
        "expires_at" timestamptz not null
      )`,
      `create table "processed_event" (
        "consumer_id" text not null,
        "event_id" uuid not null,
        "processed_at" timestamptz not null default now(),
        primary key ("consumer_id", "event_id")
      )`,
    ];
  }
}
