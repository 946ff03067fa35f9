import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal, Role } from '@qtable/contracts';
import { notFound } from '@qtable/http';
import type { AuthDeps } from '../deps';
import { MembershipSchema, UserSchema } from '../entities';
import { findTenantRestaurant } from './restaurants-query';
import { memberView } from './views';

/**
 * The caller's role in the restaurant as the database has it now. Staff changes are
 * decided on this, not on the token, so a manager demoted a minute ago cannot keep granting.
 */
export async function currentRole(em: EntityManager, userId: string, restaurantId: string): Promise<Role> {
  const membership = await em.findOne(MembershipSchema, { userId, restaurantId, revokedAt: null });
  if (!membership) throw notFound('Restaurant');
  return membership.role;
}

export async function listMembers(deps: AuthDeps, principal: Principal, restaurantId: string) {
  const em = deps.em();
  await findTenantRestaurant(em, principal, restaurantId);
  const memberships = await em.find(MembershipSchema, { restaurantId, revokedAt: null });
  const users = new Map((await em.find(UserSchema, { id: { $in: memberships.map((m) => m.userId) } })).map((u) => [u.id, u]));
  return memberships
    .map((m) => memberView(m, users.get(m.userId)!))
    .sort((a, b) => a.email.localeCompare(b.email));
}
