import { SchemaMigration } from '@qtable/db';

/**
 * The floor's side of the cross-service batch (docs/batch.md): prepared changes, stored
 * unapplied until guests decides, and the locks that keep other writers off their tables.
 */
export class Migration20260320000000BatchPrepare extends SchemaMigration {
  protected statements(): string[] {
    return [
      `create table "prepared_batch" (
        "batch_id" uuid primary key,
        "restaurant_id" uuid not null,
        "state" varchar(16) not null check ("state" in ('prepared', 'applied', 'aborted')),
        "operations" jsonb not null,
        "actor_id" varchar(200) not null,
        "prepared_at" timestamptz not null default now(),
        "decided_at" timestamptz null
      )`,
      // The sweeper's question: which prepared batches wait longer than the timeout.
      `create index "prepared_batch_waiting_idx" on "prepared_batch" ("prepared_at") where "state" = 'prepared'`,
      // One batch per table at a time: the primary key makes two concurrent prepares race-free.
      `create table "batch_table_lock" (
        "table_id" uuid primary key,
        "batch_id" uuid not null references "prepared_batch" ("batch_id"),
        "restaurant_id" uuid not null,
        foreign key ("restaurant_id", "table_id") references "floor_table" ("restaurant_id", "id")
      )`,
      `create index "batch_table_lock_batch_idx" on "batch_table_lock" ("batch_id")`,
    ];
  }
}
