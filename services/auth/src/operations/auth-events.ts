import type { EntityManager } from '@mikro-orm/postgresql';
import { AuthEvents, Topics } from '@qtable/contracts';
import { newEvent, recordEvent, type EventActor } from '@qtable/events';
import type { MembershipEventData, RestaurantEventData } from '../contracts/auth-event-data';
import type { Membership, Restaurant } from '../entities';
import { restaurantView } from './views';

// Recorded into the outbox of the caller's unit of work, after the flush that assigned the
// versions, so the event commits with the change in the same transaction.

export function recordRestaurantEvent(
  em: EntityManager,
  type: typeof AuthEvents.RESTAURANT_CREATED | typeof AuthEvents.RESTAURANT_UPDATED,
  restaurant: Restaurant,
  actor: EventActor,
): void {
  const data: RestaurantEventData = restaurantView(restaurant);
  recordEvent(em, Topics.AUTH, newEvent({ type, restaurantId: restaurant.id, aggregateId: restaurant.id, aggregateVersion: restaurant.version, actor, data }));
}

export function recordMembershipEvent(
  em: EntityManager,
  type: typeof AuthEvents.MEMBERSHIP_GRANTED | typeof AuthEvents.MEMBERSHIP_REVOKED,
  membership: Membership,
  actor: EventActor,
): void {
  const data: MembershipEventData = {
    userId: membership.userId,
    restaurantId: membership.restaurantId,
    role: membership.role,
    version: membership.version,
  };
  recordEvent(
    em,
    Topics.AUTH,
    newEvent({ type, restaurantId: membership.restaurantId, aggregateId: membership.userId, aggregateVersion: membership.version, actor, data }),
  );
}

export const userActor = (userId: string): EventActor => ({ type: 'user', id: userId });
