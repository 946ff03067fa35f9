import { EntitySchema } from '@mikro-orm/core';

/** A named area of the floor (Patio, Bar), shown in its colour, listed by `order`. */
export interface Section {
  id: string;
  restaurantId: string;
  name: string;
  /** `#rrggbb`, lower case. */
  color: string;
  order: number;
  /** Optimistic lock: MikroORM adds `where version = ?` to every update and bumps it. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const SectionSchema = new EntitySchema<Section>({
  name: 'Section',
  tableName: 'section',
  properties: {
    id: { type: 'uuid', primary: true },
    restaurantId: { type: 'uuid', fieldName: 'restaurant_id' },
    name: { type: 'string' },
    color: { type: 'string' },
    order: { type: 'integer', fieldName: 'sort_order' },
    version: { type: 'integer', version: true },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
