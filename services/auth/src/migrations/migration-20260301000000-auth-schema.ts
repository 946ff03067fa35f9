import { SchemaMigration } from '@qtable/db';

/**
 * Organizations, restaurants, users, memberships and refresh tokens. Foreign keys are
 * checked at commit (deferrable initially deferred): the entities hold plain ids, not
 * relations, so MikroORM does not order the inserts of one flush by dependency.
 */
export class Migration20260301000000AuthSchema extends SchemaMigration {
  protected statements(): string[] {
    return [
      `create table "organization" (
        "id" uuid primary key,
        "name" varchar(200) not null,
        "created_at" timestamptz not null default now()
      )`,
      `create table "restaurant" (
        "id" uuid primary key,
        "organization_id" uuid not null references "organization" ("id") deferrable initially deferred,
        "name" varchar(200) not null,
        "time_zone" varchar(64) not null,
        "settings" jsonb not null default '{}',
        "version" integer not null default 1,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now()
      )`,
      `create index "restaurant_organization_idx" on "restaurant" ("organization_id")`,
      `create table "user_account" (
        "id" uuid primary key,
        "organization_id" uuid not null references "organization" ("id") deferrable initially deferred,
        "email" varchar(254) not null,
        "password_hash" varchar(100) not null,
        "name" varchar(200) not null,
        "created_at" timestamptz not null default now()
      )`,
      // Case-insensitive uniqueness, also against writes that bypass the lower-casing in code.
      `create unique index "user_account_email_unique" on "user_account" (lower("email"))`,
      `create table "membership" (
        "user_id" uuid not null references "user_account" ("id") deferrable initially deferred,
        "restaurant_id" uuid not null references "restaurant" ("id") deferrable initially deferred,
        "role" varchar(16) not null check ("role" in ('owner', 'manager', 'host', 'viewer')),
        "version" integer not null default 1,
        "granted_at" timestamptz not null default now(),
        "revoked_at" timestamptz null,
        primary key ("user_id", "restaurant_id")
      )`,
      `create index "membership_restaurant_idx" on "membership" ("restaurant_id") where "revoked_at" is null`,
      `create table "refresh_token" (
        "id" uuid primary key,
        "user_id" uuid not null references "user_account" ("id") deferrable initially deferred,
        "family_id" uuid not null,
        "token_hash" char(64) not null,
        "created_at" timestamptz not null default now(),
        "expires_at" timestamptz not null,
        "revoked_at" timestamptz null,
        "revoked_reason" varchar(16) null check ("revoked_reason" in ('rotated', 'logout', 'reuse_detected')),
        "replaced_by" uuid null
      )`,
      `create unique index "refresh_token_hash_unique" on "refresh_token" ("token_hash")`,
      // Family revocation touches only the live tokens of one family.
      `create index "refresh_token_family_live_idx" on "refresh_token" ("family_id") where "revoked_at" is null`,
      // Expired rows are purged by expiry (see refresh-token-store.ts purgeExpired).
      `create index "refresh_token_expires_idx" on "refresh_token" ("expires_at")`,
    ];
  }
}
