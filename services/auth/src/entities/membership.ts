import { EntitySchema } from '@mikro-orm/core';
import type { Role } from '@qtable/contracts';

/**
 * A user's role in a restaurant. Revocation keeps the row (revokedAt set, version bumped)
 * so that membership events carry an increasing version even across revoke and re-grant.
 */
export interface Membership {
  userId: string;
  restaurantId: string;
  role: Role;
  version: number;
  grantedAt: Date;
  revokedAt: Date | null;
}

export const MembershipSchema = new EntitySchema<Membership>({
  name: 'Membership',
  tableName: 'membership',
  properties: {
    userId: { type: 'uuid', primary: true, fieldName: 'user_id' },
    restaurantId: { type: 'uuid', primary: true, fieldName: 'restaurant_id' },
    role: { type: 'string' },
    version: { type: 'integer', version: true },
    grantedAt: { type: 'Date', fieldName: 'granted_at' },
    revokedAt: { type: 'Date', fieldName: 'revoked_at', nullable: true },
  },
});
