import { EntitySchema } from '@mikro-orm/core';

export interface User {
  id: string;
  organizationId: string;
  /** Stored lower-cased; a unique index on lower(email) makes it unique case-insensitively. */
  email: string;
  /** bcrypt; never leaves the service (see toUserView). */
  passwordHash: string;
  name: string;
  createdAt: Date;
}

export const UserSchema = new EntitySchema<User>({
  name: 'User',
  // "user" is a reserved word in PostgreSQL.
  tableName: 'user_account',
  properties: {
    id: { type: 'uuid', primary: true },
    organizationId: { type: 'uuid', fieldName: 'organization_id' },
    email: { type: 'string' },
    passwordHash: { type: 'string', fieldName: 'password_hash', lazy: true },
    name: { type: 'string' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
