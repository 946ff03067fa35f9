import { BookingSettingsSchema } from './booking-settings';
import { FloorTableProjectionSchema } from './floor-table';
import { ReservationSchema } from './reservation';
import { RestaurantProjectionSchema } from './restaurant';

export * from './booking-settings';
export * from './floor-table';
export * from './reservation';
export * from './restaurant';

export const reservationsEntities = [ReservationSchema, BookingSettingsSchema, RestaurantProjectionSchema, FloorTableProjectionSchema];
