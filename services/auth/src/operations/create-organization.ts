import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventActor } from '@qtable/events';
import { AuthEvents } from '@qtable/contracts';
import { recordMembershipEvent, recordRestaurantEvent, userActor } from './auth-events';
import { grantMembership, newOrganization, newRestaurant, newUser } from './rows';

export interface NewOrganization {
  organizationName: string;
  restaurantName: string;
  timeZone: string;
  owner: { email: string; name: string; passwordHash: string };
}

/**
 * A new tenant: organization, its first restaurant, and the owner's account and membership,
 * with their events. Call inside a transaction; a duplicate email fails the whole unit
 * (unique index), so no orphan organization is left behind.
 */
export async function createOrganizationWithOwner(em: EntityManager, input: NewOrganization, actor?: EventActor) {
  const organization = newOrganization(em, input.organizationName);
  const user = newUser(em, { organizationId: organization.id, ...input.owner });
  const restaurant = newRestaurant(em, { organizationId: organization.id, name: input.restaurantName, timeZone: input.timeZone });
  const membership = await grantMembership(em, user.id, restaurant.id, 'owner');
  await em.flush();
  recordRestaurantEvent(em, AuthEvents.RESTAURANT_CREATED, restaurant, actor ?? userActor(user.id));
  recordMembershipEvent(em, AuthEvents.MEMBERSHIP_GRANTED, membership, actor ?? userActor(user.id));
  return { organization, user, restaurant, membership };
}
