import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@qtable/contracts';
import { MembershipSchema, OrganizationSchema, RestaurantSchema, UserSchema, type Membership } from '../entities';

// Row factories shared by registration, bootstrap, restaurant creation and invitations.
// em.create also persists: the rows are written by the caller's next flush.

export const newOrganization = (em: EntityManager, name: string) =>
  em.create(OrganizationSchema, { id: randomUUID(), name, createdAt: new Date() });

export const newUser = (em: EntityManager, fields: { organizationId: string; email: string; name: string; passwordHash: string }) =>
  em.create(UserSchema, { id: randomUUID(), ...fields, createdAt: new Date() });

export function newRestaurant(
  em: EntityManager,
  fields: { organizationId: string; name: string; timeZone: string; settings?: Record<string, unknown> },
) {
  const now = new Date();
  return em.create(RestaurantSchema, { id: randomUUID(), ...fields, settings: fields.settings ?? {}, version: 1, createdAt: now, updatedAt: now });
}

/** Grants `role`, reviving a revoked membership (its version keeps increasing) or creating one. */
export async function grantMembership(em: EntityManager, userId: string, restaurantId: string, role: Role): Promise<Membership> {
  const existing = await em.findOne(MembershipSchema, { userId, restaurantId });
  if (existing) {
    Object.assign(existing, { role, revokedAt: null, grantedAt: new Date() });
    return existing;
  }
  return em.create(MembershipSchema, { userId, restaurantId, role, version: 1, grantedAt: new Date(), revokedAt: null });
}
