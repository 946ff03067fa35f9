import { EntitySchema } from '@mikro-orm/core';
import type { TableShape } from '../domain/table-fields';

/**
 * A table of the floor plan, as the floor owns it. Its displayed status is not stored:
 * it is derived from `outOfService` and the occupancy and hold projections (see
 * domain/table-status.ts). Deleted tables keep their row (`deletedAt`), so that late
 * events and guests' history that name them still resolve.
 */
export interface FloorTable {
  id: string;
  restaurantId: string;
  number: string;
  capacity: number;
  minCapacity: number | null;
  shape: TableShape;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Degrees, normalized to [0, 360). */
  rotation: number;
  sectionId: string | null;
  outOfService: boolean;
  /** Bumped by every change of the table's view, derived status included. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

const coordinate = { type: 'double', runtimeType: 'number' } as const;

export const FloorTableSchema = new EntitySchema<FloorTable>({
  name: 'FloorTable',
  tableName: 'floor_table',
  properties: {
    id: { type: 'uuid', primary: true },
    restaurantId: { type: 'uuid', fieldName: 'restaurant_id' },
    number: { type: 'string' },
    capacity: { type: 'integer' },
    minCapacity: { type: 'integer', fieldName: 'min_capacity', nullable: true },
    shape: { type: 'string' },
    x: { ...coordinate },
    y: { ...coordinate },
    width: { ...coordinate },
    height: { ...coordinate },
    rotation: { ...coordinate },
    sectionId: { type: 'uuid', fieldName: 'section_id', nullable: true },
    outOfService: { type: 'boolean', fieldName: 'out_of_service' },
    version: { type: 'integer', version: true },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
    deletedAt: { type: 'Date', fieldName: 'deleted_at', nullable: true },
  },
});
