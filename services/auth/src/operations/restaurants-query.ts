import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@qtable/contracts';
import { notFound } from '@qtable/http';
import { MembershipSchema, RestaurantSchema, type Restaurant } from '../entities';
import { restaurantView } from './views';

/**
 * The restaurant, if it belongs to the caller's organization. The route already checked
 * the token's membership; the organization check here is defence in depth, answering 404
 * like every other out-of-tenant access.
 */
export async function findTenantRestaurant(em: EntityManager, principal: Principal, restaurantId: string, lock = false): Promise<Restaurant> {
  const restaurant = await em.findOne(
    RestaurantSchema,
    { id: restaurantId, organizationId: principal.organizationId },
    lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!restaurant) throw notFound('Restaurant');
  return restaurant;
}

/** Restaurants the caller is a member of now, with their role. */
export async function listMyRestaurants(em: EntityManager, userId: string) {
  const memberships = await em.find(MembershipSchema, { userId, revokedAt: null });
  const roles = new Map(memberships.map((m) => [m.restaurantId, m.role]));
  const restaurants = await em.find(RestaurantSchema, { id: { $in: [...roles.keys()] } }, { orderBy: { name: 'asc', id: 'asc' } });
  return restaurants.map((r) => ({ ...restaurantView(r), role: roles.get(r.id)! }));
}
