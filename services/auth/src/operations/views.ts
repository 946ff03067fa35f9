import type { Membership, Organization, Restaurant, User } from '../entities';

// What clients see: camelCase, ISO dates, never the password hash.

export const userView = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  createdAt: user.createdAt.toISOString(),
});

export const organizationView = (organization: Organization) => ({ id: organization.id, name: organization.name });

export const restaurantView = (restaurant: Restaurant) => ({
  id: restaurant.id,
  organizationId: restaurant.organizationId,
  name: restaurant.name,
  timeZone: restaurant.timeZone,
  settings: restaurant.settings,
  version: restaurant.version,
  createdAt: restaurant.createdAt.toISOString(),
  updatedAt: restaurant.updatedAt.toISOString(),
});
export type RestaurantView = ReturnType<typeof restaurantView>;

export const memberView = (membership: Membership, user: User) => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  restaurantId: membership.restaurantId,
  role: membership.role,
  grantedAt: membership.grantedAt.toISOString(),
});
