import type { GuestStatus } from '@qtable/contracts';
import type { Guest } from '../entities';

/** A `guest` row as raw SQL returns it (snake_case, pg's types). */
export interface GuestRow {
  id: string;
  restaurant_id: string;
  guest_name: string;
  party_size: number;
  phone: string | null;
  notes: string | null;
  tags: string[];
  status: GuestStatus;
  table_ids: string[];
  quoted_wait_minutes: number | null;
  reservation_id: string | null;
  created_at: Date | string;
  notified_at: Date | string | null;
  seated_at: Date | string | null;
  completed_at: Date | string | null;
  status_changed_at: Date | string;
  updated_at: Date | string;
  version: number;
}

const date = (value: Date | string) => new Date(value);
const maybeDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/** For read paths that use raw SQL (lists, dashboard): the same shape the entity has. */
export function guestFromRow(row: GuestRow): Guest {
  return {
    id: row.id,
    restaurantId: row.restaurant_id,
    guestName: row.guest_name,
    partySize: row.party_size,
    phone: row.phone,
    notes: row.notes,
    tags: row.tags,
    status: row.status,
    tableIds: row.table_ids,
    quotedWaitMinutes: row.quoted_wait_minutes,
    reservationId: row.reservation_id,
    createdAt: date(row.created_at),
    notifiedAt: maybeDate(row.notified_at),
    seatedAt: maybeDate(row.seated_at),
    completedAt: maybeDate(row.completed_at),
    statusChangedAt: date(row.status_changed_at),
    updatedAt: date(row.updated_at),
    version: row.version,
  };
}
