import { EntitySchema } from '@mikro-orm/core';
import type { GuestStatus } from '@qtable/contracts';

/**
 * A party on the waitlist or at a table: the authority for the waitlist and, while
 * `status = seated`, for which tables it occupies (mirrored row by row in `seating`, where
 * a unique index keeps one party per table). After the party leaves, `tableIds` stays as
 * history (where they sat); occupancy is only ever `seated` + active seating rows.
 */
export interface Guest {
  id: string;
  restaurantId: string;
  guestName: string;
  partySize: number;
  phone: string | null;
  notes: string | null;
  tags: string[];
  status: GuestStatus;
  tableIds: string[];
  quotedWaitMinutes: number | null;
  reservationId: string | null;
  createdAt: Date;
  notifiedAt: Date | null;
  seatedAt: Date | null;
  completedAt: Date | null;
  /** When the party entered its current status (the no-show undo window counts from it). */
  statusChangedAt: Date;
  updatedAt: Date;
  /** Optimistic lock: MikroORM adds `where version = ?` to every update and bumps it. */
  version: number;
}

export const GuestSchema = new EntitySchema<Guest>({
  name: 'Guest',
  tableName: 'guest',
  properties: {
    id: { type: 'uuid', primary: true },
    restaurantId: { type: 'uuid', fieldName: 'restaurant_id' },
    guestName: { type: 'string', fieldName: 'guest_name' },
    partySize: { type: 'integer', fieldName: 'party_size' },
    phone: { type: 'string', nullable: true },
    notes: { type: 'text', nullable: true },
    tags: { type: 'json' },
    status: { type: 'string' },
    tableIds: { type: 'json', fieldName: 'table_ids' },
    quotedWaitMinutes: { type: 'integer', fieldName: 'quoted_wait_minutes', nullable: true },
    reservationId: { type: 'uuid', fieldName: 'reservation_id', nullable: true },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    notifiedAt: { type: 'Date', fieldName: 'notified_at', nullable: true },
    seatedAt: { type: 'Date', fieldName: 'seated_at', nullable: true },
    completedAt: { type: 'Date', fieldName: 'completed_at', nullable: true },
    statusChangedAt: { type: 'Date', fieldName: 'status_changed_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
    version: { type: 'integer', version: true },
  },
});
