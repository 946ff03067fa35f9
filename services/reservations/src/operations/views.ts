import type { ReservationView } from '@qtable/contracts';
import { localIso } from '@qtable/zoned-time';
import type { Reservation } from '../entities';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What clients see and events carry: UTC instants plus the start in the restaurant's zone. */
export function reservationView(r: Reservation, timeZone: string): ReservationView {
  return {
    id: r.id,
    restaurantId: r.restaurantId,
    guestName: r.guestName,
    phone: r.phone,
    email: r.email,
    partySize: r.partySize,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    durationMinutes: r.durationMinutes,
    timeZone,
    localStartsAt: localIso(r.startsAt.getTime(), timeZone),
    serviceDate: r.serviceDate,
    tableIds: r.tableIds,
    status: r.status,
    notes: r.notes,
    tags: r.tags,
    source: r.source,
    guestId: r.guestId,
    arrivedAt: iso(r.arrivedAt),
    seatedAt: iso(r.seatedAt),
    completedAt: iso(r.completedAt),
    cancelledAt: iso(r.cancelledAt),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
