import type { Permission, Principal } from '@qtable/contracts';
import { roleAllows } from '@qtable/contracts';
import type { Context } from 'koa';
import { forbidden, notFound, unauthorized } from '../errors';

export function principalOf(ctx: Context): Principal {
  const principal = ctx.state.principal as Principal | undefined;
  if (!principal) throw unauthorized();
  return principal;
}

/**
 * Tenant and role check for one restaurant. A restaurant the caller is not a member of
 * answers 404 — never 403 — so that ids of other tenants cannot be probed; a member whose
 * role lacks the permission gets 403.
 */
export function authorizeRestaurant(principal: Principal, restaurantId: string, permission: Permission): void {
  const role = principal.memberships[restaurantId];
  if (!role) throw notFound('Restaurant');
  if (!roleAllows(role, permission)) throw forbidden();
}
