import type { Principal } from '@qtable/contracts';
import { conflict, forbidden, notFound } from '@qtable/http';
import { AuthEvents } from '@qtable/contracts';
import type { AuthDeps } from '../deps';
import { canRevoke, removesLastOwner } from '../domain/role-grants';
import { MembershipSchema } from '../entities';
import { recordMembershipEvent, userActor } from './auth-events';
import { currentRole } from './members';
import { findTenantRestaurant } from './restaurants-query';

/**
 * Ends a membership. The member's access tokens keep it until they expire (at most
 * ACCESS_TOKEN_TTL_SECONDS); refreshes issue tokens without it.
 */
export async function revokeMember(deps: AuthDeps, principal: Principal, restaurantId: string, userId: string): Promise<void> {
  await deps.em().transactional(async (tem) => {
    // Row lock on the restaurant: two owners removing each other at once must not leave none.
    const restaurant = await findTenantRestaurant(tem, principal, restaurantId, true);
    const revoker = await currentRole(tem, principal.userId, restaurant.id);
    const membership = await tem.findOne(MembershipSchema, { userId, restaurantId: restaurant.id, revokedAt: null });
    if (!membership) throw notFound('Membership');
    if (!canRevoke(revoker, membership.role)) throw forbidden(`A ${revoker} may not remove a ${membership.role}`);
    const owners = await tem.count(MembershipSchema, { restaurantId: restaurant.id, role: 'owner', revokedAt: null });
    if (removesLastOwner(membership.role, owners)) throw conflict('last_owner', 'A restaurant keeps at least one owner');
    membership.revokedAt = new Date();
    await tem.flush();
    recordMembershipEvent(tem, AuthEvents.MEMBERSHIP_REVOKED, membership, userActor(principal.userId));
  });
  deps.outboxCommitted();
}
