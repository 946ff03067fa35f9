import type { Principal } from '@qtable/contracts';
import { forbidden, unauthorized } from '@qtable/http';
import { AuthEvents } from '@qtable/contracts';
import type { AuthDeps } from '../deps';
import { MembershipSchema, UserSchema } from '../entities';
import { recordMembershipEvent, recordRestaurantEvent, userActor } from './auth-events';
import { accessTokenFor } from './claims';
import { grantMembership, newRestaurant } from './rows';
import { restaurantView } from './views';

export interface NewRestaurant {
  name: string;
  timeZone?: string;
  settings?: Record<string, unknown>;
}

/**
 * Creating a restaurant is an organization-level right: the caller must own at least one
 * restaurant of the organization (checked in the database, not the possibly stale token).
 * The creator becomes its owner. Memberships travel in access tokens, so the caller's
 * current token does not know the new restaurant: the answer carries a fresh access token
 * (the refresh token is unchanged; the next refresh includes the restaurant too).
 */
export async function createRestaurant(deps: AuthDeps, principal: Principal, input: NewRestaurant) {
  const em = deps.em();
  const { restaurant, membership } = await em.transactional(async (tem) => {
    const user = await tem.findOne(UserSchema, { id: principal.userId });
    if (!user) throw unauthorized('The account no longer exists');
    const owns = await tem.count(MembershipSchema, { userId: user.id, role: 'owner', revokedAt: null });
    if (!owns) throw forbidden('Only an owner of the organization may create restaurants');
    const restaurant = newRestaurant(tem, {
      organizationId: user.organizationId,
      name: input.name,
      timeZone: input.timeZone ?? deps.config.DEFAULT_TIME_ZONE,
      settings: input.settings,
    });
    const membership = await grantMembership(tem, user.id, restaurant.id, 'owner');
    await tem.flush();
    recordRestaurantEvent(tem, AuthEvents.RESTAURANT_CREATED, restaurant, userActor(user.id));
    recordMembershipEvent(tem, AuthEvents.MEMBERSHIP_GRANTED, membership, userActor(user.id));
    return { restaurant, membership };
  });
  deps.outboxCommitted();
  return {
    restaurant: { ...restaurantView(restaurant), role: membership.role },
    ...(await accessTokenFor(deps, deps.em(), principal.userId)),
  };
}
