import { EntitySchema } from '@mikro-orm/core';
import type { RevokedReason } from '../domain/refresh-token-rules';

/**
 * One refresh token of a login session ("family"). Rotation and reuse detection run as
 * raw conditional UPDATEs (see refresh-token-store.ts); the schema serves inserts.
 */
export interface RefreshToken {
  id: string;
  userId: string;
  familyId: string;
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: RevokedReason | null;
  /** The token this one was rotated into. */
  replacedBy: string | null;
}

export const RefreshTokenSchema = new EntitySchema<RefreshToken>({
  name: 'RefreshToken',
  tableName: 'refresh_token',
  properties: {
    id: { type: 'uuid', primary: true },
    userId: { type: 'uuid', fieldName: 'user_id' },
    familyId: { type: 'uuid', fieldName: 'family_id' },
    tokenHash: { type: 'string', fieldName: 'token_hash' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    expiresAt: { type: 'Date', fieldName: 'expires_at' },
    revokedAt: { type: 'Date', fieldName: 'revoked_at', nullable: true },
    revokedReason: { type: 'string', fieldName: 'revoked_reason', nullable: true },
    replacedBy: { type: 'uuid', fieldName: 'replaced_by', nullable: true },
  },
});
