import type { Role } from '@qtable/contracts';
import type { RestaurantView } from '../operations/views';

// Payloads (`data`) of the AuthEvents of @qtable/contracts, published on Topics.AUTH with
// the restaurant id as key. Candidates for libs/contracts once another service parses them.

/** restaurant.created / restaurant.updated: the restaurant after the change, as GET /restaurants/{id} returns it. */
export type RestaurantEventData = RestaurantView;

/** membership.granted / membership.revoked; the aggregate is the user (aggregateId = userId). */
export type MembershipEventData = {
  userId: string;
  restaurantId: string;
  role: Role;
  version: number;
};
