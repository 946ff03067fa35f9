import { SchemaMigration } from '@qtable/db';

/**
 * Reservations, their table rows with THE invariant (an exclusion constraint: no table is
 * booked twice for overlapping times, joined tables included), booking settings, and the
 * projections of auth's restaurants and floor's tables.
 */
export class Migration20260310000000ReservationsSchema extends SchemaMigration {
  protected statements(): string[] {
    return [
      // GiST operator classes for uuid equality, so one constraint can say "same table AND
      // overlapping time". Database-wide; PGlite loads it through its `extensions` option.
      `create extension if not exists btree_gist`,
      `create table "restaurant" (
        "id" uuid primary key,
        "name" varchar(200) not null,
        "time_zone" varchar(64) not null,
        "aggregate_version" integer not null,
        "updated_at" timestamptz not null default now()
      )`,
      `create table "booking_settings" (
        "restaurant_id" uuid primary key,
        "rules" jsonb not null,
        "version" integer not null default 1,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now()
      )`,
      `create table "floor_table" (
        "id" uuid primary key,
        "restaurant_id" uuid not null,
        "number" varchar(50) not null,
        "capacity" integer not null,
        "min_capacity" integer null,
        "combinable_with" jsonb not null default '[]',
        "out_of_service" boolean not null default false,
        "party_id" uuid null,
        "occupied_since" timestamptz null,
        "deleted" boolean not null default false,
        "aggregate_version" integer not null,
        "updated_at" timestamptz not null default now()
      )`,
      `create index "floor_table_restaurant_idx" on "floor_table" ("restaurant_id") where not "deleted"`,
      `create table "reservation" (
        "id" uuid primary key,
        "restaurant_id" uuid not null,
        "guest_name" varchar(200) not null,
        "phone" varchar(40) null,
        "email" varchar(254) null,
        "party_size" integer not null check ("party_size" between 1 and 100),
        "starts_at" timestamptz not null,
        "ends_at" timestamptz not null,
        "duration_minutes" integer not null check ("duration_minutes" between 15 and 720),
        "service_date" varchar(10) not null check ("service_date" ~ '^\\d{4}-\\d{2}-\\d{2}$'),
        "table_ids" jsonb not null default '[]',
        "status" varchar(16) not null check ("status" in ('booked', 'confirmed', 'arrived', 'seated', 'completed', 'cancelled', 'no_show')),
        "notes" varchar(2000) null,
        "tags" jsonb not null default '[]',
        "source" varchar(16) not null check ("source" in ('phone', 'walk-in', 'web', 'partner')),
        "guest_id" uuid null,
        "arrived_at" timestamptz null,
        "seated_at" timestamptz null,
        "completed_at" timestamptz null,
        "cancelled_at" timestamptz null,
        "hold_starts_at" timestamptz not null,
        "no_show_at" timestamptz not null,
        "held" jsonb null,
        "hold_seq" integer not null default 0,
        "next_sweep_at" timestamptz null,
        "version" integer not null default 1,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        check ("ends_at" > "starts_at"),
        unique ("id", "restaurant_id")
      )`,
      // Lists by service day; pacing counts and range scans by start.
      `create index "reservation_day_idx" on "reservation" ("restaurant_id", "service_date", "starts_at", "id")`,
      `create index "reservation_start_idx" on "reservation" ("restaurant_id", "starts_at")`,
      // The sweeper's queue: rows whose hold or no-show is due.
      `create index "reservation_sweep_idx" on "reservation" ("next_sweep_at") where "next_sweep_at" is not null`,
      `create index "reservation_guest_idx" on "reservation" ("guest_id") where "guest_id" is not null`,
      `create table "reservation_table" (
        "reservation_id" uuid not null,
        "table_id" uuid not null,
        "restaurant_id" uuid not null,
        "during" tstzrange not null check (not isempty("during")),
        "active" boolean not null default true,
        primary key ("reservation_id", "table_id"),
        -- Checked at commit: a booking picks its tables before its row is written, so that
        -- the row is inserted once, with its tables, at version 1.
        foreign key ("reservation_id", "restaurant_id") references "reservation" ("id", "restaurant_id") on delete cascade deferrable initially deferred,
        -- THE invariant: a table is never booked twice for overlapping times. Ranges are
        -- half-open [start, end), so back-to-back bookings fit. Joined tables are one row
        -- each, so a joined booking conflicts with any booking of any of its tables.
        constraint "reservation_table_no_overlap" exclude using gist ("table_id" with =, "during" with &&) where ("active")
      )`,
      `create index "reservation_table_restaurant_idx" on "reservation_table" using gist ("restaurant_id", "during") where "active"`,
    ];
  }
}
