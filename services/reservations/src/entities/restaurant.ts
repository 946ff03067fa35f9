import { EntitySchema } from '@mikro-orm/core';

/** Projection of auth's restaurant (the authority): what booking needs, its time zone above all. */
export interface RestaurantProjection {
  id: string;
  name: string;
  timeZone: string;
  /** Version of the newest restaurant.* event applied; older ones are ignored. */
  aggregateVersion: number;
  updatedAt: Date;
}

export const RestaurantProjectionSchema = new EntitySchema<RestaurantProjection>({
  name: 'RestaurantProjection',
  tableName: 'restaurant',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string' },
    timeZone: { type: 'string', fieldName: 'time_zone' },
    aggregateVersion: { type: 'integer', fieldName: 'aggregate_version' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
