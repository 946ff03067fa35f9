import type { EntityManager } from '@mikro-orm/postgresql';
import { ReservationEvents, Topics } from '@qtable/contracts';
import { handleOnce, type EventEnvelope, type Subscription } from '@qtable/events';
import { z } from 'zod';
import type { FloorDeps } from '../deps';
import { floorTables } from '../entities';
import { advanceProjectedVersion, ProjectableEnvelope, withStatusTracking } from './status-tracking';

export const HOLDS_SUBSCRIPTION = 'floor.holds';

const tableIds = z.array(z.uuid()).max(50);
const TablesHeld = z.object({ reservationId: z.uuid(), tableIds, startsAt: z.iso.datetime({ offset: true }), holdUntil: z.iso.datetime({ offset: true }) });
const TablesReleased = z.object({ reservationId: z.uuid(), tableIds });

/**
 * Projects a reservation's hold onto table_hold: TABLES_HELD replaces the reservation's held
 * tables, TABLES_RELEASED removes them all. A table shows `reserved` while it has a hold
 * row (and is neither out of service nor occupied). Returns the status events recorded.
 */
export async function projectHoldEvent(em: EntityManager, envelope: EventEnvelope, deps: Pick<FloorDeps, 'logger'>): Promise<number> {
  const held = envelope.type === ReservationEvents.TABLES_HELD;
  const parsed = (held ? TablesHeld : TablesReleased).safeParse(envelope.data);
  if (!parsed.success || !ProjectableEnvelope.safeParse(envelope).success) {
    // Skipped, not retried: a retried poison event would stall the restaurant's later events.
    deps.logger.warn({ eventId: envelope.id, eventType: envelope.type }, 'reservation hold event with unusable data; not projected');
    return 0;
  }
  const { reservationId } = parsed.data;
  const t = floorTables(em);
  // Versions of the reservation: a hold released later never comes back from an older event.
  const fresh = await advanceProjectedVersion(em, t.projected, {
    source: 'reservation',
    aggregateId: reservationId,
    restaurantId: envelope.restaurantId,
    version: envelope.aggregateVersion,
  });
  if (!fresh) return 0;

  const current = await em.execute<{ table_id: string }[]>(`select table_id from ${t.hold} where reservation_id = ?`, [reservationId]);
  const wanted = new Set(held ? parsed.data.tableIds : []);
  const affected = new Set([...wanted, ...parsed.data.tableIds, ...current.map((r) => r.table_id)]);
  return withStatusTracking(em, envelope.restaurantId, affected, envelope.actor, async (live) => {
    await em.execute(`delete from ${t.hold} where reservation_id = ?`, [reservationId]);
    if (!held) return;
    const { startsAt, holdUntil } = parsed.data as z.infer<typeof TablesHeld>;
    for (const tableId of wanted) {
      if (!live.has(tableId)) continue;
      await em.execute(`insert into ${t.hold} (reservation_id, table_id, restaurant_id, starts_at, hold_until) values (?, ?, ?, ?, ?)`, [
        reservationId,
        tableId,
        envelope.restaurantId,
        new Date(startsAt),
        new Date(holdUntil),
      ]);
    }
  });
}

/** The subscription (id 'floor.holds') on reservations' topic, idempotent by event id. */
export function holdsSubscription(deps: FloorDeps): Subscription {
  return {
    id: HOLDS_SUBSCRIPTION,
    topics: [Topics.RESERVATIONS],
    async onEvent(event) {
      const type = event.envelope.type;
      if (type !== ReservationEvents.TABLES_HELD && type !== ReservationEvents.TABLES_RELEASED) return;
      let recorded = 0;
      await handleOnce(deps.em(), HOLDS_SUBSCRIPTION, event.envelope, async (em) => {
        recorded = await projectHoldEvent(em, event.envelope, deps);
      });
      if (recorded > 0) deps.outboxCommitted();
    },
  };
}
