import { isDeepStrictEqual } from 'node:util';
import { OptimisticLockError } from '@mikro-orm/core';
import type { Principal } from '@qtable/contracts';
import { conflict } from '@qtable/http';
import { AuthEvents } from '@qtable/contracts';
import type { AuthDeps } from '../deps';
import type { Restaurant } from '../entities';
import { recordRestaurantEvent, userActor } from './auth-events';
import { findTenantRestaurant } from './restaurants-query';
import { restaurantView } from './views';

export interface RestaurantChanges {
  name?: string;
  timeZone?: string;
  settings?: Record<string, unknown>;
}

const stale = (current: Restaurant) =>
  conflict('version_conflict', 'The restaurant was changed by someone else; review the current state and retry', {
    current: restaurantView(current),
  });

/**
 * Applies `changes` if the restaurant is still at `expectedVersion`; otherwise 409 with the
 * current state. The version check is also in the UPDATE's WHERE clause (MikroORM version
 * property), so a write landing between our read and our update is caught, never lost.
 */
export async function updateRestaurant(deps: AuthDeps, principal: Principal, restaurantId: string, changes: RestaurantChanges, expectedVersion: number) {
  let outcome: { restaurant: Restaurant; changed: boolean };
  try {
    outcome = await deps.em().transactional(async (tem) => {
      const restaurant = await findTenantRestaurant(tem, principal, restaurantId);
      if (restaurant.version !== expectedVersion) throw stale(restaurant);
      const changed = (Object.keys(changes) as (keyof RestaurantChanges)[]).filter(
        (key) => changes[key] !== undefined && !isDeepStrictEqual(changes[key], restaurant[key]),
      );
      if (changed.length === 0) return { restaurant, changed: false };
      Object.assign(restaurant, Object.fromEntries(changed.map((key) => [key, changes[key]])), { updatedAt: new Date() });
      await tem.flush();
      recordRestaurantEvent(tem, AuthEvents.RESTAURANT_UPDATED, restaurant, userActor(principal.userId));
      return { restaurant, changed: true };
    });
  } catch (err) {
    if (err instanceof OptimisticLockError) throw stale(await findTenantRestaurant(deps.em(), principal, restaurantId));
    throw err;
  }
  if (outcome.changed) deps.outboxCommitted();
  return restaurantView(outcome.restaurant);
}
