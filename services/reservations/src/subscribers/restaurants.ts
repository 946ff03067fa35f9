import { AuthEvents, Topics } from '@qtable/contracts';
import type { ServiceOrm } from '@qtable/db';
import { idempotent, type EventBus } from '@qtable/events';
import type { Logger } from '@qtable/observability';
import { isKnownTimeZone } from '@qtable/zoned-time';
import { z } from 'zod';
import { tableOf } from '../operations/sql';

export const RESTAURANTS_SUBSCRIPTION = 'reservations.restaurants';

// Read defensively: auth owns the shape (services/auth/src/contracts/auth-events.ts); only
// what booking needs is required, anything else is ignored.
const RestaurantData = z.object({
  id: z.uuid(),
  name: z.string().max(200),
  timeZone: z.string().max(64).refine(isKnownTimeZone, 'unknown time zone'),
});

/** Projects auth's restaurants (name, IANA zone) so booking can compute local service days. */
export async function subscribeRestaurants(deps: { orm: ServiceOrm; bus: EventBus; logger: Logger }): Promise<void> {
  const types: string[] = [AuthEvents.RESTAURANT_CREATED, AuthEvents.RESTAURANT_UPDATED];
  await deps.bus.subscribe({
    id: RESTAURANTS_SUBSCRIPTION,
    topics: [Topics.AUTH],
    onEvent: idempotent(deps.orm, RESTAURANTS_SUBSCRIPTION, async (em, { envelope }) => {
      if (!types.includes(envelope.type)) return;
      const data = RestaurantData.safeParse(envelope.data);
      if (!data.success || data.data.id !== envelope.restaurantId) {
        deps.logger.warn({ eventId: envelope.id, type: envelope.type }, 'ignoring a restaurant event whose data is not a restaurant of its key');
        return;
      }
      // An older event arriving late never overwrites a newer one.
      await em.execute(
        `insert into ${tableOf(em, 'restaurant')} as r ("id", "name", "time_zone", "aggregate_version", "updated_at")
         values (?, ?, ?, ?, ?)
         on conflict ("id") do update set "name" = excluded."name", "time_zone" = excluded."time_zone",
           "aggregate_version" = excluded."aggregate_version", "updated_at" = excluded."updated_at"
         where r."aggregate_version" < excluded."aggregate_version"`,
        [data.data.id, data.data.name, data.data.timeZone, envelope.aggregateVersion, new Date(envelope.occurredAt)],
      );
    }),
  });
}
