import { SchemaMigration } from '@qtable/db';

/**
 * Sections, tables, the combinable pairs, and the projections of other services' facts
 * (occupancy from guests, holds from reservations). Tenant integrity is in the schema:
 * every reference between floor rows is a composite foreign key that includes
 * `restaurant_id`, so a table can never point at another restaurant's section or table.
 */
export class Migration20260310000000FloorSchema extends SchemaMigration {
  protected statements(): string[] {
    return [
      `create table "section" (
        "id" uuid primary key,
        "restaurant_id" uuid not null,
        "name" varchar(60) not null,
        "color" char(7) not null check ("color" ~ '^#[0-9a-f]{6}$'),
        "sort_order" integer not null check ("sort_order" between 0 and 10000),
        "version" integer not null default 1,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        unique ("restaurant_id", "id")
      )`,
      `create unique index "section_name_unique" on "section" ("restaurant_id", lower("name"))`,
      // Deleted tables are kept (soft delete): guests' history and late events still name them.
      `create table "floor_table" (
        "id" uuid primary key,
        "restaurant_id" uuid not null,
        "number" varchar(20) not null,
        "capacity" integer not null check ("capacity" between 1 and 50),
        "min_capacity" integer null check ("min_capacity" between 1 and "capacity"),
        "shape" varchar(16) not null check ("shape" in ('round', 'square', 'rectangle', 'booth', 'bar')),
        "x" double precision not null,
        "y" double precision not null,
        "width" double precision not null check ("width" > 0),
        "height" double precision not null check ("height" > 0),
        "rotation" double precision not null check ("rotation" >= 0 and "rotation" < 360),
        "section_id" uuid null,
        "out_of_service" boolean not null default false,
        "version" integer not null default 1,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "deleted_at" timestamptz null,
        unique ("restaurant_id", "id"),
        foreign key ("restaurant_id", "section_id") references "section" ("restaurant_id", "id")
      )`,
      // "12" and "p12" are what staff say: unique among live tables, case-insensitively.
      `create unique index "floor_table_number_unique" on "floor_table" ("restaurant_id", lower("number")) where "deleted_at" is null`,
      `create index "floor_table_restaurant_idx" on "floor_table" ("restaurant_id") where "deleted_at" is null`,
      `create index "floor_table_section_idx" on "floor_table" ("section_id")`,
      // One row per unordered pair (a < b): the relation is symmetric by construction.
      `create table "table_pair" (
        "restaurant_id" uuid not null,
        "a_id" uuid not null,
        "b_id" uuid not null,
        primary key ("a_id", "b_id"),
        check ("a_id" < "b_id"),
        foreign key ("restaurant_id", "a_id") references "floor_table" ("restaurant_id", "id"),
        foreign key ("restaurant_id", "b_id") references "floor_table" ("restaurant_id", "id")
      )`,
      `create index "table_pair_b_idx" on "table_pair" ("b_id")`,
      // Projection of guests' seating: which party sits at a table (guests is the authority).
      `create table "table_occupancy" (
        "table_id" uuid primary key,
        "restaurant_id" uuid not null,
        "party_id" uuid not null,
        "guest_version" integer not null,
        "updated_at" timestamptz not null default now(),
        foreign key ("restaurant_id", "table_id") references "floor_table" ("restaurant_id", "id")
      )`,
      `create index "table_occupancy_party_idx" on "table_occupancy" ("party_id")`,
      // Projection of reservations' holds: a table shows reserved while a hold row exists.
      `create table "table_hold" (
        "reservation_id" uuid not null,
        "table_id" uuid not null,
        "restaurant_id" uuid not null,
        "starts_at" timestamptz not null,
        "hold_until" timestamptz not null,
        primary key ("reservation_id", "table_id"),
        foreign key ("restaurant_id", "table_id") references "floor_table" ("restaurant_id", "id")
      )`,
      `create index "table_hold_table_idx" on "table_hold" ("table_id")`,
      `create index "table_hold_until_idx" on "table_hold" ("hold_until")`,
      // The newest version of each foreign aggregate (guest, reservation) applied to a
      // projection, so that an older event never overwrites a newer one.
      `create table "projected_aggregate" (
        "source" varchar(32) not null,
        "aggregate_id" uuid not null,
        "restaurant_id" uuid not null,
        "version" integer not null,
        primary key ("source", "aggregate_id")
      )`,
    ];
  }
}
