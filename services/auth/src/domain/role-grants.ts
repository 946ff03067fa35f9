import { ROLES, roleAllows, type Role } from '@qtable/contracts';

const rank = (role: Role) => ROLES.indexOf(role);

/**
 * Who may hand out (or take back) a role in a restaurant. Owners may grant any role,
 * including owner; managers only roles below their own (host, viewer), so a manager can
 * never create an owner or another manager; hosts and viewers manage no one.
 */
export function canGrant(grantor: Role, role: Role): boolean {
  if (!roleAllows(grantor, 'configure')) return false;
  return grantor === 'owner' || rank(role) > rank(grantor);
}

/** Taking a role away needs the same standing as granting it. */
export const canRevoke = canGrant;

/** A restaurant always keeps at least one owner, or nobody could administer it again. */
export function removesLastOwner(targetRole: Role, activeOwners: number): boolean {
  return targetRole === 'owner' && activeOwners <= 1;
}
