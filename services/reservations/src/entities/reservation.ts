import { EntitySchema } from '@mikro-orm/core';
import type { ReservationSource, ReservationStatus } from '@qtable/contracts';

/**
 * A booking: the authority for "is 19:30 booked". Which tables it takes, and when, is
 * mirrored row by row in `reservation_table`, where an exclusion constraint keeps any table
 * from being booked twice for overlapping times. The hold bookkeeping columns (`held`,
 * `hold_seq`, `next_sweep_at`) are not mapped: they change without bumping `version`
 * (see operations/hold-sync.ts).
 */
export interface Reservation {
  id: string;
  restaurantId: string;
  guestName: string;
  phone: string | null;
  email: string | null;
  partySize: number;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  /** Local service day (YYYY-MM-DD) whose service period the start belongs to. */
  serviceDate: string;
  tableIds: string[];
  status: ReservationStatus;
  notes: string | null;
  tags: string[];
  source: ReservationSource;
  guestId: string | null;
  arrivedAt: Date | null;
  seatedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  /** Tables show reserved from here (start minus the restaurant's hold minutes). */
  holdStartsAt: Date;
  /** Not arrived by then: no-show (start plus the grace period). */
  noShowAt: Date;
  /** Optimistic lock: MikroORM adds `where version = ?` to every update and bumps it. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const ReservationSchema = new EntitySchema<Reservation>({
  name: 'Reservation',
  tableName: 'reservation',
  properties: {
    id: { type: 'uuid', primary: true },
    restaurantId: { type: 'uuid', fieldName: 'restaurant_id' },
    guestName: { type: 'string', fieldName: 'guest_name' },
    phone: { type: 'string', nullable: true },
    email: { type: 'string', nullable: true },
    partySize: { type: 'integer', fieldName: 'party_size' },
    startsAt: { type: 'Date', fieldName: 'starts_at' },
    endsAt: { type: 'Date', fieldName: 'ends_at' },
    durationMinutes: { type: 'integer', fieldName: 'duration_minutes' },
    serviceDate: { type: 'string', fieldName: 'service_date' },
    tableIds: { type: 'json', fieldName: 'table_ids' },
    status: { type: 'string' },
    notes: { type: 'text', nullable: true },
    tags: { type: 'json' },
    source: { type: 'string' },
    guestId: { type: 'uuid', fieldName: 'guest_id', nullable: true },
    arrivedAt: { type: 'Date', fieldName: 'arrived_at', nullable: true },
    seatedAt: { type: 'Date', fieldName: 'seated_at', nullable: true },
    completedAt: { type: 'Date', fieldName: 'completed_at', nullable: true },
    cancelledAt: { type: 'Date', fieldName: 'cancelled_at', nullable: true },
    holdStartsAt: { type: 'Date', fieldName: 'hold_starts_at' },
    noShowAt: { type: 'Date', fieldName: 'no_show_at' },
    version: { type: 'integer', version: true },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
