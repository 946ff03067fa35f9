import { EntitySchema } from '@mikro-orm/core';

/** A restaurant of an organization; the tenant unit every other service scopes its data by. */
export interface Restaurant {
  id: string;
  organizationId: string;
  name: string;
  /** IANA zone, canonical spelling; the floor and reservations compute service days in it. */
  timeZone: string;
  settings: Record<string, unknown>;
  /** Optimistic lock: MikroORM adds `where version = ?` to every update and bumps it. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const RestaurantSchema = new EntitySchema<Restaurant>({
  name: 'Restaurant',
  tableName: 'restaurant',
  properties: {
    id: { type: 'uuid', primary: true },
    organizationId: { type: 'uuid', fieldName: 'organization_id' },
    name: { type: 'string' },
    timeZone: { type: 'string', fieldName: 'time_zone' },
    settings: { type: 'json' },
    version: { type: 'integer', version: true },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
