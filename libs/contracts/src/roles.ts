/** Membership roles, from most to least powerful. */
export const ROLES = ['owner', 'manager', 'host', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What each role may do in a restaurant. Services authorize by permission, never by role
 * name, so that the role model lives in one place.
 */
export const PERMISSIONS = {
  /** See the restaurant, its floor, waitlist and reservations. */
  read: ['owner', 'manager', 'host', 'viewer'],
  /** Run service: add guests, seat, complete, book, mark tables out of service. */
  operate: ['owner', 'manager', 'host'],
  /** Override rules during service (seat a party larger than a table's capacity). */
  override: ['owner', 'manager'],
  /** Shape the floor plan (tables, sections) and the restaurant's settings. */
  configure: ['owner', 'manager'],
  /** Manage staff and memberships, create restaurants of the organization. */
  administer: ['owner'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
