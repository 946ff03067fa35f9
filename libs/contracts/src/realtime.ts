import { AuthEvents, FloorEvents, GuestEvents, ReservationEvents } from './events';

/**
 * The message every realtime client receives (Socket.IO event name = `type`; plain
 * WebSocket text frame). The seed system's shape, which the iOS app parses, plus `cursor`.
 */
export interface RealtimeMessage {
  type: string;
  restaurant_id: string;
  guest_id?: string;
  table_id?: string;
  reservation_id?: string;
  section_id?: string;
  action: string;
  /** ISO-8601 UTC with microseconds, as the seed sent. */
  timestamp: string;
  /** The entity after the change, camelCase, as the REST API returns it. */
  data: Record<string, unknown>;
  /** Opaque, per restaurant, increasing: resume after it with `since`. */
  cursor: string;
}

type IdField = 'guest_id' | 'table_id' | 'reservation_id' | 'section_id';

/** How each domain event appears to realtime clients; events not listed are not sent. */
export const REALTIME_MAPPING: Record<string, { type: string; action: string; idField?: IdField }> = {
  [GuestEvents.GUEST_CREATED]: { type: 'guest_created', action: 'created', idField: 'guest_id' },
  [GuestEvents.GUEST_UPDATED]: { type: 'guest_updated', action: 'updated', idField: 'guest_id' },
  [GuestEvents.GUEST_STATUS_CHANGED]: { type: 'guest_updated', action: 'status_changed', idField: 'guest_id' },
  [GuestEvents.GUEST_DELETED]: { type: 'guest_deleted', action: 'deleted', idField: 'guest_id' },
  [GuestEvents.BATCH_COMPLETED]: { type: 'atomic_transaction_complete', action: 'completed' },
  [FloorEvents.TABLE_CREATED]: { type: 'table_created', action: 'created', idField: 'table_id' },
  [FloorEvents.TABLE_UPDATED]: { type: 'table_updated', action: 'updated', idField: 'table_id' },
  [FloorEvents.TABLE_STATUS_CHANGED]: { type: 'table_updated', action: 'status_changed', idField: 'table_id' },
  [FloorEvents.TABLE_DELETED]: { type: 'table_deleted', action: 'deleted', idField: 'table_id' },
  [FloorEvents.SECTION_CREATED]: { type: 'section_created', action: 'created', idField: 'section_id' },
  [FloorEvents.SECTION_UPDATED]: { type: 'section_updated', action: 'updated', idField: 'section_id' },
  [FloorEvents.SECTION_DELETED]: { type: 'section_deleted', action: 'deleted', idField: 'section_id' },
  [ReservationEvents.RESERVATION_CREATED]: { type: 'reservation_created', action: 'created', idField: 'reservation_id' },
  [ReservationEvents.RESERVATION_UPDATED]: { type: 'reservation_updated', action: 'updated', idField: 'reservation_id' },
  [ReservationEvents.RESERVATION_CANCELLED]: { type: 'reservation_cancelled', action: 'cancelled', idField: 'reservation_id' },
  [ReservationEvents.RESERVATION_SEATED]: { type: 'reservation_seated', action: 'seated', idField: 'reservation_id' },
  [ReservationEvents.RESERVATION_NO_SHOW]: { type: 'reservation_no_show', action: 'no_show', idField: 'reservation_id' },
  [AuthEvents.RESTAURANT_UPDATED]: { type: 'restaurant_updated', action: 'updated' },
};
