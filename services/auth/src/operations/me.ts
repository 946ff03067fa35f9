import type { Principal } from '@qtable/contracts';
import { unauthorized } from '@qtable/http';
import type { AuthDeps } from '../deps';
import { MembershipSchema, OrganizationSchema, RestaurantSchema, UserSchema } from '../entities';
import { organizationView, userView } from './views';

/** The caller's account and current memberships, read from the database (not the token). */
export async function me(deps: AuthDeps, principal: Principal) {
  const em = deps.em();
  const user = await em.findOne(UserSchema, { id: principal.userId });
  if (!user) throw unauthorized('The account no longer exists');
  const organization = await em.findOneOrFail(OrganizationSchema, { id: user.organizationId });
  const memberships = await em.find(MembershipSchema, { userId: user.id, revokedAt: null });
  const restaurants = await em.find(RestaurantSchema, { id: { $in: memberships.map((m) => m.restaurantId) } }, { orderBy: { name: 'asc' } });
  const roles = new Map(memberships.map((m) => [m.restaurantId, m.role]));
  return {
    ...userView(user),
    organization: organizationView(organization),
    memberships: restaurants.map((r) => ({
      restaurantId: r.id,
      restaurantName: r.name,
      role: roles.get(r.id)!,
      organizationId: r.organizationId,
      organizationName: organization.name,
    })),
  };
}
