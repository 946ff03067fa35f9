import type { EntityManager } from '@mikro-orm/postgresql';
import { HttpError, staleVersion } from '@qtable/http';
import type { SeatingRefusal } from '../domain/seating-rules';
import { GuestSchema, tables } from '../entities';
import { viewOf } from './guest-view';

/**
 * A failure whose answer needs the current state, which can only be read after the failed
 * transaction has rolled back (PostgreSQL refuses queries in an aborted transaction, and on
 * PGlite another EntityManager must not be used while it is open). Operations throw it;
 * `settle` turns it into the HttpError once the transaction is over.
 */
export class DeferredFailure extends Error {
  constructor(
    readonly build: (em: EntityManager) => Promise<HttpError>,
    message = 'deferred failure',
  ) {
    super(message);
  }
}

/** The message of the DeferredFailure for a seating the unique index refused. */
export const TABLE_TAKEN = 'table taken (unique index)';

/** Resolves a DeferredFailure with a fresh EntityManager; other errors pass through. */
export async function settle(err: unknown, em: () => EntityManager): Promise<unknown> {
  return err instanceof DeferredFailure ? err.build(em()) : err;
}

/** 409 table_occupied naming the party that sits there now. */
export async function tableOccupied(em: EntityManager, tableId: string, occupantId?: string): Promise<HttpError> {
  let guestId = occupantId;
  if (!guestId) {
    const [row] = await em.execute<{ guest_id: string }[]>(`select "guest_id" from ${tables.seating} where "table_id" = ? and "released_at" is null`, [tableId]);
    guestId = row?.guest_id;
  }
  const occupant = guestId ? await em.findOne(GuestSchema, { id: guestId }) : null;
  return new HttpError(409, 'table_occupied', 'Another party sits at this table; free it or choose another', {
    tableId,
    occupiedBy: occupant ? await viewOf(em, occupant) : null,
  });
}

/** 409 version_conflict with the guest as it is now (or 404 if it was deleted meanwhile). */
export async function staleGuest(em: EntityManager, restaurantId: string, guestId: string): Promise<HttpError> {
  const current = await em.findOne(GuestSchema, { id: guestId, restaurantId });
  if (!current) return new HttpError(404, 'not_found', 'Guest not found');
  return staleVersion(await viewOf(em, current));
}

/** The HTTP answer for a seating the rules refuse (table_occupied is built by the caller). */
export function seatingRefused(refusal: Exclude<SeatingRefusal, { code: 'table_occupied' }>): HttpError {
  switch (refusal.code) {
    case 'unknown_table':
      return new HttpError(422, 'unknown_table', 'No such table in this restaurant (a table created moments ago may not have reached the waitlist yet)', {
        tableIds: refusal.tableIds,
      });
    case 'table_out_of_service':
      return new HttpError(409, 'table_out_of_service', 'The table is out of service', { tableIds: refusal.tableIds });
    case 'tables_not_combinable':
      return new HttpError(422, 'tables_not_combinable', 'These tables cannot be joined (see each table’s combinableWith)', { tableIds: refusal.tableIds });
    case 'party_exceeds_capacity':
      return new HttpError(422, 'party_exceeds_capacity', `A party of ${refusal.partySize} does not fit ${refusal.capacity} seats; a manager may seat it with "overrideCapacity": true`, {
        partySize: refusal.partySize,
        capacity: refusal.capacity,
      });
    case 'override_forbidden':
      return new HttpError(403, 'forbidden', 'Seating beyond capacity needs a manager or owner (the override permission)', {
        partySize: refusal.partySize,
        capacity: refusal.capacity,
        requires: 'override',
      });
  }
}
