import type { EntityManager } from '@mikro-orm/postgresql';
import { ReservationEvents } from '@qtable/contracts';
import type { EventActor } from '@qtable/events';
import { planHold, sameHold, type HeldSnapshot } from '../domain/hold-plan';
import type { Reservation } from '../entities';
import { recordHoldEvent } from './reservation-events';
import { tableOf } from './sql';

/**
 * Brings the floor's view of a booking's hold in line with the booking (after any change,
 * and from the sweeper as time passes): records TABLES_RELEASED for a hold that ended or
 * moved and TABLES_HELD for one that began, and schedules the next sweep. Runs in the
 * caller's transaction, after the reservation row is flushed. The bookkeeping columns are
 * written with plain SQL so that they never bump the reservation's version: a hold
 * starting is not a change a client could conflict with.
 */
export async function syncHold(em: EntityManager, r: Reservation, now: Date, actor: EventActor | null): Promise<void> {
  const table = tableOf(em, 'reservation');
  const [row] = await em.execute<{ held: HeldSnapshot | null; hold_seq: number }[]>(`select "held", "hold_seq" from ${table} where "id" = ?`, [r.id]);
  const plan = planHold(r, now);
  let seq = row.hold_seq;
  if (!sameHold(row.held, plan.hold)) {
    const meta = { restaurantId: r.restaurantId, actor, now };
    if (row.held) {
      recordHoldEvent(em, { type: ReservationEvents.TABLES_RELEASED, data: { reservationId: r.id, tableIds: row.held.tableIds } }, { ...meta, holdSeq: ++seq });
    }
    if (plan.hold) {
      recordHoldEvent(em, { type: ReservationEvents.TABLES_HELD, data: { reservationId: r.id, ...plan.hold } }, { ...meta, holdSeq: ++seq });
    }
  }
  await em.execute(`update ${table} set "held" = ?::jsonb, "hold_seq" = ?, "next_sweep_at" = ? where "id" = ?`, [
    plan.hold ? JSON.stringify(plan.hold) : null,
    seq,
    plan.nextSweepAt,
    r.id,
  ]);
}
