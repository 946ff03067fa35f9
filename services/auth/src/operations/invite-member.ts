import type { Principal, Role } from '@qtable/contracts';
import { badRequest, conflict, forbidden } from '@qtable/http';
import { isUniqueViolation } from '@qtable/db';
import { AuthEvents } from '@qtable/contracts';
import type { AuthDeps } from '../deps';
import { normalizeEmail } from '../domain/email';
import { hashPassword } from '../domain/password';
import { canGrant } from '../domain/role-grants';
import { MembershipSchema, UserSchema } from '../entities';
import { recordMembershipEvent, userActor } from './auth-events';
import { currentRole } from './members';
import { findTenantRestaurant } from './restaurants-query';
import { grantMembership, newUser } from './rows';
import { memberView } from './views';

export interface Invitation {
  email: string;
  role: Role;
  /** Initial password, required for a new account; refused for an existing one (nobody sets another user's password). */
  password?: string;
  name?: string;
}

/**
 * Adds staff to a restaurant: an existing account of the same organization gets the
 * membership; an unknown email gets a new account in the organization. Users belong to one
 * organization, so an email registered elsewhere is refused.
 */
export async function inviteMember(deps: AuthDeps, principal: Principal, restaurantId: string, invitation: Invitation) {
  const email = normalizeEmail(invitation.email);
  // Hashed up front (outside the transaction); used only if the account turns out to be new.
  const passwordHash = invitation.password ? await hashPassword(invitation.password, deps.config.BCRYPT_COST) : undefined;
  let result;
  try {
    result = await deps.em().transactional(async (tem) => {
      // Row lock on the restaurant: membership changes of one restaurant run one at a time.
      const restaurant = await findTenantRestaurant(tem, principal, restaurantId, true);
      const grantor = await currentRole(tem, principal.userId, restaurant.id);
      if (!canGrant(grantor, invitation.role)) throw forbidden(`A ${grantor} may not grant the ${invitation.role} role`);

      let user = await tem.findOne(UserSchema, { email });
      if (user && user.organizationId !== restaurant.organizationId) {
        throw conflict('email_in_use', 'This email belongs to an account of another organization');
      }
      if (user && passwordHash) throw badRequest('password_not_allowed', 'The account exists; omit the password');
      if (!user) {
        if (!passwordHash) throw badRequest('password_required', 'A new account needs an initial password');
        user = newUser(tem, { organizationId: restaurant.organizationId, email, name: invitation.name ?? email.split('@')[0], passwordHash });
      }
      const existing = await tem.findOne(MembershipSchema, { userId: user.id, restaurantId: restaurant.id, revokedAt: null });
      if (existing) throw conflict('already_member', `Already a member, as ${existing.role}`, { role: existing.role });
      const membership = await grantMembership(tem, user.id, restaurant.id, invitation.role);
      await tem.flush();
      recordMembershipEvent(tem, AuthEvents.MEMBERSHIP_GRANTED, membership, userActor(principal.userId));
      return memberView(membership, user);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('email_taken', 'An account with this email was created at the same moment; retry');
    throw err;
  }
  deps.outboxCommitted();
  return result;
}
