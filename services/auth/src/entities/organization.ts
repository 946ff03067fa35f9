import { EntitySchema } from '@mikro-orm/core';

/** A tenant: a restaurant chain (or a single restaurant). Users belong to exactly one. */
export interface Organization {
  id: string;
  name: string;
  createdAt: Date;
}

export const OrganizationSchema = new EntitySchema<Organization>({
  name: 'Organization',
  tableName: 'organization',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
