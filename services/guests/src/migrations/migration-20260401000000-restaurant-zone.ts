import { SchemaMigration } from '@qtable/db';

/**
 * Projection of auth's restaurants, reduced to what guests needs: the IANA time zone that
 * defines the dashboard's "today". Written only by the `guests.restaurants` subscription,
 * newer aggregate version wins.
 */
export class Migration20260401000000RestaurantZone extends SchemaMigration {
  protected statements(): string[] {
    return [
      `create table "restaurant_zone" (
        "restaurant_id" uuid primary key,
        "time_zone" varchar(64) not null,
        "aggregate_version" integer not null,
        "updated_at" timestamptz not null default now()
      )`,
    ];
  }
}
