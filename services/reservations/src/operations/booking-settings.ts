import { isDeepStrictEqual } from 'node:util';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Topics, type Principal } from '@qtable/contracts';
import { newEvent, recordEvent } from '@qtable/events';
import { staleVersion } from '@qtable/http';
import { BookingSettingsEvents } from '../contracts/reservation-events';
import type { BookingRules } from '../domain/booking-settings';
import { UPCOMING_STATUSES } from '../domain/reservation-status';
import type { ReservationsDeps } from '../deps';
import { BookingSettingsSchema } from '../entities';
import { loadRestaurantContext, type RestaurantContext } from './restaurant-context';
import { userActor } from './reservation-events';
import { tableOf } from './sql';

/** The rules as GET returns them, with the zone they are read in (auth's) and their version. */
export const settingsView = (ctx: RestaurantContext) => ({
  restaurantId: ctx.restaurantId,
  timeZone: ctx.timeZone,
  ...ctx.rules,
  version: ctx.settingsVersion,
  updatedAt: ctx.settingsUpdatedAt?.toISOString() ?? null,
});
export type BookingSettingsView = ReturnType<typeof settingsView>;

export async function getBookingSettings(em: EntityManager, restaurantId: string): Promise<BookingSettingsView> {
  return settingsView(await loadRestaurantContext(em, restaurantId));
}

/**
 * Replaces the booking rules at a known version (0 while on the defaults). Existing bookings
 * keep their times and tables; upcoming ones take the new hold and grace minutes (the
 * sweeper re-plans their holds at once).
 */
export async function updateBookingSettings(deps: ReservationsDeps, principal: Principal, restaurantId: string, rules: BookingRules, expectedVersion: number) {
  let view: BookingSettingsView;
  try {
    view = await deps.em().transactional(async (em) => {
      const now = deps.clock.now();
      const ctx = await loadRestaurantContext(em, restaurantId);
      const row = await em.findOne(BookingSettingsSchema, { restaurantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (ctx.settingsVersion !== expectedVersion || (row?.version ?? 0) !== expectedVersion) throw staleVersion(settingsView(ctx));
      if (isDeepStrictEqual(rules, ctx.rules)) return settingsView(ctx);
      const settings = row ?? em.create(BookingSettingsSchema, { restaurantId, rules, version: 1, createdAt: now, updatedAt: now });
      Object.assign(settings, { rules, updatedAt: now });
      await em.flush();
      if (rules.holdMinutes !== ctx.rules.holdMinutes || rules.noShowGraceMinutes !== ctx.rules.noShowGraceMinutes) {
        await em.execute(
          `update ${tableOf(em, 'reservation')}
              set "hold_starts_at" = "starts_at" - make_interval(mins => ?), "no_show_at" = "starts_at" + make_interval(mins => ?), "next_sweep_at" = ?
            where "restaurant_id" = ? and "status" in (?) and "ends_at" > ?`,
          [rules.holdMinutes, rules.noShowGraceMinutes, now, restaurantId, [...UPCOMING_STATUSES], now],
        );
      }
      const after = settingsView({ ...ctx, rules, settingsVersion: settings.version, settingsUpdatedAt: now });
      recordEvent(
        em,
        Topics.RESERVATIONS,
        newEvent({
          type: BookingSettingsEvents.BOOKING_SETTINGS_UPDATED,
          restaurantId,
          aggregateId: restaurantId,
          aggregateVersion: after.version,
          actor: userActor(principal.userId),
          data: after,
          occurredAt: now,
        }),
      );
      return after;
    });
  } catch (err) {
    // Two first-time writers both inserted the row: the loser is simply stale.
    if (err instanceof UniqueConstraintViolationException) throw staleVersion(await getBookingSettings(deps.em(), restaurantId));
    throw err;
  }
  deps.outboxCommitted();
  return view;
}
