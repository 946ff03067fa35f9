/**
 * Event types of reservations beyond libs/contracts' ReservationEvents. Booking rules are
 * reservations' own fact; nobody consumes this yet, it keeps the rule "every state change
 * records its event" (and an audit trail of who changed the rules).
 */
export const BookingSettingsEvents = {
  BOOKING_SETTINGS_UPDATED: 'booking_settings.updated',
} as const;

/** `data` of reservation.tables_held. Its envelope's aggregateVersion counts the hold events of the reservation. */
export interface TablesHeldData {
  reservationId: string;
  tableIds: string[];
  startsAt: string;
  holdUntil: string;
}

/** `data` of reservation.tables_released. */
export interface TablesReleasedData {
  reservationId: string;
  tableIds: string[];
}
