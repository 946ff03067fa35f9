import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_BOOKING_RULES, type BookingRules } from '../domain/booking-settings';
import { BookingSettingsSchema, RestaurantProjectionSchema } from '../entities';
import { restaurantNotSynced } from './errors';

/** What every booking decision of one restaurant needs: its zone (auth's) and its rules (ours). */
export interface RestaurantContext {
  restaurantId: string;
  timeZone: string;
  rules: BookingRules;
  /** 0 while the restaurant books with the defaults. */
  settingsVersion: number;
  settingsUpdatedAt: Date | null;
}

export async function loadRestaurantContext(em: EntityManager, restaurantId: string): Promise<RestaurantContext> {
  const restaurant = await em.findOne(RestaurantProjectionSchema, { id: restaurantId });
  if (!restaurant) throw restaurantNotSynced();
  const settings = await em.findOne(BookingSettingsSchema, { restaurantId });
  return {
    restaurantId,
    timeZone: restaurant.timeZone,
    // Stored rules were validated when written; defaults fill fields added since.
    rules: settings ? { ...DEFAULT_BOOKING_RULES, ...settings.rules } : DEFAULT_BOOKING_RULES,
    settingsVersion: settings?.version ?? 0,
    settingsUpdatedAt: settings?.updatedAt ?? null,
  };
}

/** The zone only (listing and reading need no rules). */
export async function loadTimeZone(em: EntityManager, restaurantId: string): Promise<string> {
  const restaurant = await em.findOne(RestaurantProjectionSchema, { id: restaurantId });
  if (!restaurant) throw restaurantNotSynced();
  return restaurant.timeZone;
}
