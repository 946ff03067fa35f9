import type { ReservationStatus } from '@qtable/contracts';

/** Statuses still waiting for the party: the booking's time, size and tables may change. */
export const UPCOMING_STATUSES: readonly ReservationStatus[] = ['booked', 'confirmed', 'arrived'];
/** Statuses that turn into a no-show when the grace period ends. */
export const NO_SHOW_CANDIDATES: readonly ReservationStatus[] = ['booked', 'confirmed'];
/** Statuses that still count against a slot's pacing (the party came or is expected). */
export const PACED_STATUSES: readonly ReservationStatus[] = ['booked', 'confirmed', 'arrived', 'seated', 'completed'];

export const isUpcoming = (s: ReservationStatus) => UPCOMING_STATUSES.includes(s);

/**
 * Status changes a client may ask for through PUT. Arrival also has its own endpoint;
 * seated and completed come only from the guests service (the authority for occupancy),
 * and cancellation is DELETE (also accepted here).
 */
const REQUESTABLE: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  booked: ['confirmed', 'arrived', 'cancelled', 'no_show'],
  confirmed: ['booked', 'arrived', 'cancelled', 'no_show'],
  arrived: ['cancelled'],
  seated: [],
  completed: [],
  cancelled: [],
  // A party marked no-show that turns up late is checked in again, if its tables are still free.
  no_show: ['arrived'],
};

export type StatusRequest = { ok: true; changed: boolean } | { ok: false; reason: string };

export function checkStatusRequest(from: ReservationStatus, to: ReservationStatus): StatusRequest {
  if (from === to) return { ok: true, changed: false };
  if (REQUESTABLE[from].includes(to)) return { ok: true, changed: true };
  if (to === 'seated' || to === 'completed') {
    return { ok: false, reason: 'seat and complete the party through the guests service (POST /restaurants/{id}/guests with reservationId)' };
  }
  const allowed = REQUESTABLE[from];
  return { ok: false, reason: allowed.length ? `a ${from} reservation can become ${allowed.join(', ')}` : `a ${from} reservation is closed` };
}
