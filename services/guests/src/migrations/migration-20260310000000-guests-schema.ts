import { SchemaMigration } from '@qtable/db';

/**
 * Guests (waitlist and parties), seatings (occupancy, with the one-party-per-table
 * invariant as a partial unique index) and the projection of floor's tables.
 */
export class Migration20260310000000GuestsSchema extends SchemaMigration {
  protected statements(): string[] {
    return [
      `create table "guest" (
        "id" uuid primary key,
        "restaurant_id" uuid not null,
        "guest_name" varchar(200) not null,
        "party_size" integer not null check ("party_size" between 1 and 100),
        "phone" varchar(40) null,
        "notes" varchar(2000) null,
        "tags" jsonb not null default '[]',
        "status" varchar(16) not null check ("status" in ('waiting', 'notified', 'seated', 'completed', 'cancelled', 'no_show')),
        "table_ids" jsonb not null default '[]',
        "quoted_wait_minutes" integer null check ("quoted_wait_minutes" between 0 and 1440),
        "reservation_id" uuid null,
        "created_at" timestamptz not null default now(),
        "notified_at" timestamptz null,
        "seated_at" timestamptz null,
        "completed_at" timestamptz null,
        "status_changed_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "version" integer not null default 1
      )`,
      // The waitlist in order, and lists by creation time.
      `create index "guest_restaurant_status_idx" on "guest" ("restaurant_id", "status", "created_at", "id")`,
      `create index "guest_restaurant_created_idx" on "guest" ("restaurant_id", "created_at", "id")`,
      // Filter by table: table_ids @> '["…"]'.
      `create index "guest_table_ids_idx" on "guest" using gin ("table_ids" jsonb_path_ops)`,
      // Turn-time history: recently completed parties.
      `create index "guest_completed_idx" on "guest" ("restaurant_id", "completed_at") where "status" = 'completed'`,
      `create table "seating" (
        "id" bigserial primary key,
        "restaurant_id" uuid not null,
        "table_id" uuid not null,
        "guest_id" uuid not null references "guest" ("id") on delete cascade deferrable initially deferred,
        "seated_at" timestamptz not null default now(),
        "released_at" timestamptz null
      )`,
      // THE invariant: a table holds at most one party. Seating inserts a row, freeing
      // stamps released_at, both in the transaction that changes the guest's status; two
      // hosts racing for a table cannot both commit a row here.
      `create unique index "seating_one_party_per_table" on "seating" ("table_id") where "released_at" is null`,
      `create index "seating_guest_idx" on "seating" ("guest_id") where "released_at" is null`,
      `create index "seating_restaurant_active_idx" on "seating" ("restaurant_id") where "released_at" is null`,
      `create table "floor_table" (
        "id" uuid primary key,
        "restaurant_id" uuid not null,
        "number" varchar(50) not null,
        "capacity" integer not null,
        "min_capacity" integer null,
        "out_of_service" boolean not null default false,
        "combinable_with" jsonb not null default '[]',
        "view" jsonb not null,
        "deleted" boolean not null default false,
        "aggregate_version" integer not null,
        "updated_at" timestamptz not null default now()
      )`,
      `create index "floor_table_restaurant_idx" on "floor_table" ("restaurant_id") where not "deleted"`,
    ];
  }
}
