import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReservationStatus, ReservationView } from '@qtable/contracts';
import { notFound } from '@qtable/http';
import { ReservationSchema } from '../entities';
import { loadTimeZone } from './restaurant-context';
import { reservationView } from './views';

export interface ReservationFilter {
  /** Local service day, YYYY-MM-DD. */
  date?: string;
  status?: ReservationStatus[];
  /** Part of the guest's name, any case. */
  name?: string;
  limit: number;
  offset: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A page of a restaurant's reservations, in start order. */
export async function listReservations(em: EntityManager, restaurantId: string, filter: ReservationFilter) {
  const timeZone = await loadTimeZone(em, restaurantId);
  const where = {
    restaurantId,
    ...(filter.date ? { serviceDate: filter.date } : {}),
    ...(filter.status?.length ? { status: { $in: filter.status } } : {}),
    ...(filter.name ? { guestName: { $ilike: `%${escapeLike(filter.name)}%` } } : {}),
  };
  const [rows, total] = await em.findAndCount(ReservationSchema, where, {
    orderBy: { startsAt: 'asc', id: 'asc' },
    limit: filter.limit,
    offset: filter.offset,
  });
  return { items: rows.map((r) => reservationView(r, timeZone)), total, limit: filter.limit, offset: filter.offset };
}

/** One reservation of the restaurant; another restaurant's id answers 404 like an unknown one. */
export async function getReservation(em: EntityManager, restaurantId: string, reservationId: string): Promise<ReservationView> {
  const timeZone = await loadTimeZone(em, restaurantId);
  const r = await em.findOne(ReservationSchema, { id: reservationId, restaurantId });
  if (!r) throw notFound('Reservation');
  return reservationView(r, timeZone);
}
