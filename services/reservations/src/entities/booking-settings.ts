import { EntitySchema } from '@mikro-orm/core';
import type { BookingRules } from '../domain/booking-settings';

/** A restaurant's booking rules (reservations is their authority). No row: the defaults, at version 0. */
export interface BookingSettings {
  restaurantId: string;
  rules: BookingRules;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const BookingSettingsSchema = new EntitySchema<BookingSettings>({
  name: 'BookingSettings',
  tableName: 'booking_settings',
  properties: {
    restaurantId: { type: 'uuid', primary: true, fieldName: 'restaurant_id' },
    rules: { type: 'json' },
    version: { type: 'integer', version: true },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
