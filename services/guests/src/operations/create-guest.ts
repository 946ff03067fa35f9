import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GuestEvents, type GuestView } from '@qtable/contracts';
import { HttpError } from '@qtable/http';
import type { SeatingWarning } from '../domain/seating-rules';
import { GuestSchema, tables, type Guest } from '../entities';
import type { GuestsDeps } from '../deps';
import type { Caller } from './change-guest';
import { checkSeating } from './check-seating';
import { DeferredFailure, TABLE_TAKEN, tableOccupied } from './failures';
import { guestEventInsertSql, recordGuestEvent, userActor } from './guest-events';
import { guestView, viewOf } from './guest-view';
import { quoteForNewParty } from './quote-wait';
import { occupy, TableTakenError } from './seating-store';

export interface NewGuest {
  guestName: string;
  partySize: number;
  phone?: string | null;
  notes?: string | null;
  tags?: string[];
  /** waiting (joins the waitlist) or seated (a walk-in seated at once, with tables). */
  status?: 'waiting' | 'seated';
  tableIds?: string[];
  /** A quote the host gave; estimated when absent (waiting parties only). */
  quotedWaitMinutes?: number | null;
  reservationId?: string | null;
  overrideCapacity?: boolean;
}

/**
 * Adds a party inside the caller's transaction: to the end of the waitlist with an
 * estimated quote, or straight to tables (walk-in, reservation arriving). Records
 * guest.created, whose data carries the status and tables (consumers take occupancy from it).
 */
export async function createGuest(deps: GuestsDeps, em: EntityManager, restaurantId: string, input: NewGuest, caller: Caller): Promise<{ view: GuestView; warnings: SeatingWarning[] }> {
  const now = deps.now();
  const status = input.status ?? 'waiting';
  const tableIds = input.tableIds ?? [];
  if (status === 'seated' && tableIds.length === 0) throw new HttpError(422, 'table_required', 'Seating needs a table: send "tableId" (or "tableIds" for joined tables)');
  if (status !== 'seated' && tableIds.length > 0) throw new HttpError(422, 'tables_need_seating', 'Tables are assigned by seating: send "status": "seated" with them');

  const id = randomUUID();
  const estimated =
    status === 'waiting' && input.quotedWaitMinutes === undefined ? await quoteForNewParty(deps, em, restaurantId, input.partySize, now, { id, createdAt: now }) : null;
  const quote = input.quotedWaitMinutes !== undefined ? input.quotedWaitMinutes : (estimated?.quote ?? null);
  const guest = em.create(GuestSchema, newGuest(id, restaurantId, input, status, tableIds, quote, now));
  let warnings: SeatingWarning[] = [];
  if (status === 'seated') {
    warnings = await checkSeating(em, { guest, partySize: input.partySize, tableIds, overrideRequested: input.overrideCapacity === true, mayOverride: caller.mayOverride });
  }
  await em.flush();
  if (status === 'seated') {
    try {
      await deps.beforeOccupy?.();
      await occupy(em, restaurantId, guest.id, tableIds, now);
    } catch (err) {
      if (err instanceof TableTakenError) {
        deps.counters.seatingConstraintConflicts.inc();
        throw new DeferredFailure((fresh) => tableOccupied(fresh, err.tableId), TABLE_TAKEN);
      }
      throw err;
    }
  }
  // The read for the quote, in this transaction, already counted the parties before this one.
  const view = estimated?.position ? guestView(guest, estimated.position) : await viewOf(em, guest);
  recordGuestEvent(em, GuestEvents.GUEST_CREATED, view, userActor(caller.userId));
  return { view, warnings };
}

function newGuest(id: string, restaurantId: string, input: NewGuest, status: 'waiting' | 'seated', tableIds: string[], quote: number | null, now: Date): Guest {
  return {
    id,
    restaurantId,
    guestName: input.guestName,
    partySize: input.partySize,
    phone: input.phone ?? null,
    notes: input.notes ?? null,
    tags: input.tags ?? [],
    status,
    tableIds,
    quotedWaitMinutes: quote,
    reservationId: input.reservationId ?? null,
    createdAt: now,
    notifiedAt: null,
    seatedAt: status === 'seated' ? now : null,
    completedAt: null,
    statusChangedAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** A party joining the waitlist with an estimated quote: what `joinWaitlist` takes on; anything else goes through `createGuest`. */
export const isWaitlistJoin = (input: NewGuest): boolean =>
  (input.status ?? 'waiting') === 'waiting' && (input.tableIds ?? []).length === 0 && input.quotedWaitMinutes === undefined;

/**
 * The walk-in a host adds a hundred times a night, in two statements and no transaction:
 * the quote read, then ONE statement that inserts the party and its guest.created outbox row
 * (a statement is atomic: both rows or neither). It is what `createGuest` does for such a
 * party, without BEGIN, COMMIT, a separate outbox INSERT and the unit of work: about a third
 * of a create's cost. The read is as consistent as inside a transaction (READ COMMITTED
 * sees committed parties either way). Creates with an Idempotency-Key keep the transaction
 * that stores the response.
 */
export async function joinWaitlist(deps: GuestsDeps, em: EntityManager, restaurantId: string, input: NewGuest, caller: Caller): Promise<GuestView> {
  const now = deps.now();
  const id = randomUUID();
  const estimated = await quoteForNewParty(deps, em, restaurantId, input.partySize, now, { id, createdAt: now });
  const view = guestView(newGuest(id, restaurantId, input, 'waiting', [], estimated.quote, now), estimated.position);
  const event = guestEventInsertSql(GuestEvents.GUEST_CREATED, view, userActor(caller.userId));
  await em.execute(
    `with "created" as (
       insert into ${tables.guest} ("id", "restaurant_id", "guest_name", "party_size", "phone", "notes", "tags", "status", "table_ids",
         "quoted_wait_minutes", "reservation_id", "created_at", "status_changed_at", "updated_at", "version")
       values (?, ?, ?, ?, ?, ?, ?::jsonb, 'waiting', '[]'::jsonb, ?, ?, ?, ?, ?, 1))
     ${event.sql}`,
    [id, restaurantId, view.guestName, view.partySize, view.phone, view.notes, JSON.stringify(view.tags), view.quotedWaitMinutes, view.reservationId, now, now, now, ...event.params],
  );
  return view;
}
