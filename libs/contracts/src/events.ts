/**
 * Domain event types, `entity.past_tense` (Medusa style). The owning service publishes
 * them on its topic (see topics.ts) with the restaurant id as key.
 */
export const AuthEvents = {
  RESTAURANT_CREATED: 'restaurant.created',
  RESTAURANT_UPDATED: 'restaurant.updated',
  MEMBERSHIP_GRANTED: 'membership.granted',
  MEMBERSHIP_REVOKED: 'membership.revoked',
} as const;

export const FloorEvents = {
  TABLE_CREATED: 'table.created',
  TABLE_UPDATED: 'table.updated',
  /** The table's live status changed (occupied, reserved, out of service, available). */
  TABLE_STATUS_CHANGED: 'table.status_changed',
  TABLE_DELETED: 'table.deleted',
  SECTION_CREATED: 'section.created',
  SECTION_UPDATED: 'section.updated',
  SECTION_DELETED: 'section.deleted',
} as const;

export const GuestEvents = {
  GUEST_CREATED: 'guest.created',
  GUEST_UPDATED: 'guest.updated',
  /** Includes seating (status seated + tables) and freeing (completed, cancelled, no_show). */
  GUEST_STATUS_CHANGED: 'guest.status_changed',
  GUEST_DELETED: 'guest.deleted',
  /** One all-or-nothing batch committed; data lists what changed. */
  BATCH_COMPLETED: 'batch.completed',
} as const;

export const ReservationEvents = {
  RESERVATION_CREATED: 'reservation.created',
  RESERVATION_UPDATED: 'reservation.updated',
  RESERVATION_CANCELLED: 'reservation.cancelled',
  RESERVATION_SEATED: 'reservation.seated',
  RESERVATION_NO_SHOW: 'reservation.no_show',
  /**
   * A booking's hold window began: its tables show `reserved` until released.
   * data: { reservationId, tableIds, startsAt, holdUntil }
   */
  TABLES_HELD: 'reservation.tables_held',
  /** The hold ended (seated, cancelled, no-show, moved). data: { reservationId, tableIds } */
  TABLES_RELEASED: 'reservation.tables_released',
} as const;

/**
 * The cross-service batch (docs/batch.md): guests decides, floor applies its part.
 * Neither is shown to realtime clients (not in REALTIME_MAPPING); the batch's realtime
 * message is guests' batch.completed, emitted once both parts are applied.
 */
export const BatchEvents = {
  /** On guests.events: the decision row was written. data: { batchId, committed } */
  BATCH_DECIDED: 'batch.decided',
  /** On floor.events: floor applied its part of a committed batch. data: { batchId, changes, tables } */
  BATCH_FLOOR_APPLIED: 'batch.floor_applied',
} as const;
