import { EntitySchema } from '@mikro-orm/core';

/** Projection of the floor's tables (floor is the authority): what booking needs of each. */
export interface FloorTableProjection {
  id: string;
  restaurantId: string;
  number: string;
  capacity: number;
  minCapacity: number | null;
  combinableWith: string[];
  outOfService: boolean;
  /** The party seated there now (guests' fact, as floor shows it). */
  partyId: string | null;
  /** When that party appeared (the event's time): the start of the estimate of when it leaves. */
  occupiedSince: Date | null;
  /** A deleted table stays as a tombstone so that an older event cannot bring it back. */
  deleted: boolean;
  aggregateVersion: number;
  updatedAt: Date;
}

export const FloorTableProjectionSchema = new EntitySchema<FloorTableProjection>({
  name: 'FloorTableProjection',
  tableName: 'floor_table',
  properties: {
    id: { type: 'uuid', primary: true },
    restaurantId: { type: 'uuid', fieldName: 'restaurant_id' },
    number: { type: 'string' },
    capacity: { type: 'integer' },
    minCapacity: { type: 'integer', fieldName: 'min_capacity', nullable: true },
    combinableWith: { type: 'json', fieldName: 'combinable_with' },
    outOfService: { type: 'boolean', fieldName: 'out_of_service' },
    partyId: { type: 'uuid', fieldName: 'party_id', nullable: true },
    occupiedSince: { type: 'Date', fieldName: 'occupied_since', nullable: true },
    deleted: { type: 'boolean' },
    aggregateVersion: { type: 'integer', fieldName: 'aggregate_version' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
