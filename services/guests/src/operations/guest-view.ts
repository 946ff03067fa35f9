import type { EntityManager } from '@mikro-orm/postgresql';
import type { GuestView } from '@qtable/contracts';
import { isQueued } from '../domain/guest-status';
import { tables, type Guest } from '../entities';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The party as REST returns it and as events carry it (libs/contracts GuestView). */
export function guestView(guest: Guest, position: number | null): GuestView {
  return {
    id: guest.id,
    restaurantId: guest.restaurantId,
    guestName: guest.guestName,
    partySize: guest.partySize,
    phone: guest.phone,
    notes: guest.notes,
    tags: guest.tags,
    status: guest.status,
    tableId: guest.tableIds[0] ?? null,
    tableIds: guest.tableIds,
    quotedWaitMinutes: guest.quotedWaitMinutes,
    position: isQueued(guest.status) ? position : null,
    reservationId: guest.reservationId,
    createdAt: guest.createdAt.toISOString(),
    notifiedAt: iso(guest.notifiedAt),
    seatedAt: iso(guest.seatedAt),
    completedAt: iso(guest.completedAt),
    version: guest.version,
  };
}

/**
 * The waitlist order: waiting and notified parties by arrival (created_at, then id to
 * break ties). A party sent back from notified to waiting keeps its place.
 */
export async function waitlistPositions(em: EntityManager, restaurantId: string): Promise<Map<string, number>> {
  const rows = await em.execute<{ id: string }[]>(
    `select "id" from ${tables.guest} where "restaurant_id" = ? and "status" in ('waiting', 'notified') order by "created_at", "id"`,
    [restaurantId],
  );
  return new Map(rows.map((row, i) => [row.id, i + 1]));
}

/** One party's 1-based place in the waitlist, or null when it is not waiting. */
export async function positionOf(em: EntityManager, guest: Guest): Promise<number | null> {
  if (!isQueued(guest.status)) return null;
  const [row] = await em.execute<{ ahead: string }[]>(
    `select count(*) as "ahead" from ${tables.guest}
     where "restaurant_id" = ? and "status" in ('waiting', 'notified') and ("created_at", "id") < (?, ?)`,
    [guest.restaurantId, guest.createdAt, guest.id],
  );
  return Number(row.ahead) + 1;
}

export async function viewOf(em: EntityManager, guest: Guest): Promise<GuestView> {
  return guestView(guest, await positionOf(em, guest));
}
