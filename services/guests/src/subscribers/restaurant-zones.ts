import { AuthEvents, Topics } from '@qtable/contracts';
import type { ServiceOrm } from '@qtable/db';
import { idempotent, type EventBus } from '@qtable/events';
import { isKnownTimeZone } from '@qtable/zoned-time';
import { z } from 'zod';
import type { GuestsDeps } from '../deps';
import { tables } from '../entities';

export const RESTAURANTS_SUBSCRIPTION = 'guests.restaurants';

const RESTAURANT_EVENTS: string[] = [AuthEvents.RESTAURANT_CREATED, AuthEvents.RESTAURANT_UPDATED];

// Auth owns the shape (services/auth/src/contracts/auth-event-data.ts: the RestaurantView);
// only what the dashboard needs is required, anything else is ignored.
const RestaurantData = z.looseObject({
  id: z.uuid(),
  timeZone: z.string().max(64).refine(isKnownTimeZone, 'unknown time zone'),
});

/**
 * Projects each restaurant's IANA zone (id `guests.restaurants`, each event handled once), so
 * the dashboard's "today" is the restaurant's local day. An older event arriving late never
 * overwrites a newer one; a malformed one is logged and skipped rather than blocking the stream.
 */
export async function subscribeRestaurantZones(bus: EventBus, orm: ServiceOrm, deps: Pick<GuestsDeps, 'logger'>): Promise<void> {
  await bus.subscribe({
    id: RESTAURANTS_SUBSCRIPTION,
    topics: [Topics.AUTH],
    onEvent: idempotent(orm, RESTAURANTS_SUBSCRIPTION, async (em, { envelope }) => {
      if (!RESTAURANT_EVENTS.includes(envelope.type)) return;
      const data = RestaurantData.safeParse(envelope.data);
      if (!data.success || data.data.id !== envelope.restaurantId) {
        deps.logger.warn({ eventId: envelope.id, type: envelope.type }, 'ignoring a restaurant event whose data is not a restaurant of its key with a known zone');
        return;
      }
      await em.execute(
        `insert into ${tables.restaurantZone} as r ("restaurant_id", "time_zone", "aggregate_version", "updated_at")
         values (?, ?, ?, now())
         on conflict ("restaurant_id") do update set "time_zone" = excluded."time_zone",
           "aggregate_version" = excluded."aggregate_version", "updated_at" = now()
         where r."aggregate_version" < excluded."aggregate_version"`,
        [data.data.id, data.data.timeZone, envelope.aggregateVersion],
      );
    }),
  });
}
