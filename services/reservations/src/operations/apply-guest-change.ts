import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReservationEvents, type ReservationStatus } from '@qtable/contracts';
import type { EventActor } from '@qtable/events';
import type { Logger } from '@qtable/observability';
import { ReservationSchema, type Reservation } from '../entities';
import { syncHold } from './hold-sync';
import { loadTimeZone } from './restaurant-context';
import { recordReservationEvent } from './reservation-events';
import { reactivateTableRows, releaseTableRows } from './table-assignment';
import { reservationView } from './views';

/** What reservations reads of a guests-service party (GuestView) linked to a booking. */
export interface LinkedParty {
  id: string;
  status: string;
  reservationId: string;
  tableIds: string[];
  seatedAt: string | null;
  completedAt: string | null;
}

const AWAITED: readonly ReservationStatus[] = ['booked', 'confirmed', 'no_show'];
const NOT_YET_SEATED: readonly ReservationStatus[] = ['booked', 'confirmed', 'arrived', 'no_show'];

/**
 * Follows the party of a booking through the guests service, the authority for who sits
 * where: checked in (waiting / notified) → arrived; seated → seated at the tables guests
 * chose (reserved tables it did not use are freed at once); completed → completed (its
 * tables are free for later bookings). Anything else, or a step backwards, is ignored.
 * Runs in the consumer's transaction (handleOnce); never throws for a mismatch, since a
 * redelivery could not fix it.
 */
export async function applyGuestChange(
  em: EntityManager,
  party: LinkedParty,
  meta: { restaurantId: string; occurredAt: Date; actor: EventActor | null; now: Date; logger: Logger },
): Promise<void> {
  const r = await em.findOne(ReservationSchema, { id: party.reservationId, restaurantId: meta.restaurantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!r) {
    meta.logger.warn({ reservationId: party.reservationId, guestId: party.id }, 'a party names a reservation this restaurant does not have; ignored');
    return;
  }
  const from = r.status;
  const type = await transition(em, r, party, meta);
  if (!type) return;
  r.updatedAt = meta.now;
  await em.flush();
  const timeZone = await loadTimeZone(em, r.restaurantId);
  recordReservationEvent(em, type, reservationView(r, timeZone), meta.actor, meta.now);
  await syncHold(em, r, meta.now, meta.actor);
  meta.logger.debug({ reservationId: r.id, from, to: r.status }, 'reservation followed its party');
}

async function transition(
  em: EntityManager,
  r: Reservation,
  party: LinkedParty,
  meta: { occurredAt: Date; logger: Logger },
): Promise<(typeof ReservationEvents)['RESERVATION_UPDATED' | 'RESERVATION_SEATED'] | undefined> {
  if ((party.status === 'waiting' || party.status === 'notified') && AWAITED.includes(r.status)) {
    if (r.status === 'no_show' && !(await reactivateTableRows(em, r.id))) {
      // Its tables went to another booking meanwhile: it holds none now (no hold is shown).
      meta.logger.warn({ reservationId: r.id }, 'late party checked in, but its tables were booked meanwhile; the host seats it elsewhere');
      r.tableIds = [];
    }
    Object.assign(r, { status: 'arrived', arrivedAt: meta.occurredAt, guestId: party.id });
    return ReservationEvents.RESERVATION_UPDATED;
  }
  if (party.status === 'seated' && (NOT_YET_SEATED.includes(r.status) || (r.status === 'seated' && r.guestId === party.id))) {
    const firstSeating = r.status !== 'seated';
    const tables = [...(party.tableIds.length ? party.tableIds : r.tableIds)].sort();
    if (!firstSeating && tables.join() === [...r.tableIds].sort().join()) return undefined;
    if (r.status === 'no_show') await reactivateTableRows(em, r.id);
    // Rows of reserved tables the party did not sit at are freed; tables it sits at beyond
    // them show as occupied through floor's projection, which availability also reads.
    await releaseTableRows(em, r.id, tables);
    Object.assign(r, {
      status: 'seated',
      guestId: party.id,
      tableIds: tables,
      seatedAt: firstSeating ? (party.seatedAt ? new Date(party.seatedAt) : meta.occurredAt) : r.seatedAt,
      arrivedAt: r.arrivedAt ?? meta.occurredAt,
    });
    return firstSeating ? ReservationEvents.RESERVATION_SEATED : ReservationEvents.RESERVATION_UPDATED;
  }
  if (party.status === 'completed' && r.status === 'seated' && r.guestId === party.id) {
    await releaseTableRows(em, r.id);
    Object.assign(r, { status: 'completed', completedAt: party.completedAt ? new Date(party.completedAt) : meta.occurredAt });
    return ReservationEvents.RESERVATION_UPDATED;
  }
  return undefined;
}
