import type { EntityManager } from '@mikro-orm/postgresql';
import { GUEST_STATUSES, GuestEvents, Topics } from '@qtable/contracts';
import { handleOnce, type EventEnvelope, type Subscription } from '@qtable/events';
import { z } from 'zod';
import type { FloorDeps } from '../deps';
import { floorTables } from '../entities';
import { advanceProjectedVersion, ProjectableEnvelope, withStatusTracking } from './status-tracking';

export const OCCUPANCY_SUBSCRIPTION = 'floor.occupancy';

const PROJECTED = new Set<string>([GuestEvents.GUEST_CREATED, GuestEvents.GUEST_UPDATED, GuestEvents.GUEST_STATUS_CHANGED, GuestEvents.GUEST_DELETED]);

/** What the floor reads of a GuestView; the rest of the guest is not its business. */
const GuestSeating = z.object({
  id: z.uuid(),
  status: z.enum(GUEST_STATUSES),
  tableId: z.uuid().nullable().optional(),
  tableIds: z.array(z.uuid()).max(50).optional(),
});

/**
 * Projects one guest event onto table_occupancy: a seated guest occupies all its tables,
 * any other status (and deletion) frees them. Returns the status events recorded.
 */
export async function projectGuestEvent(em: EntityManager, envelope: EventEnvelope, deps: Pick<FloorDeps, 'logger'>): Promise<number> {
  const parsed = GuestSeating.safeParse(envelope.data);
  if (!parsed.success || parsed.data.id !== envelope.aggregateId || !ProjectableEnvelope.safeParse(envelope).success) {
    // A malformed event is skipped, not retried: on Kafka a retried poison event would stall
    // every later event of the restaurant.
    deps.logger.warn({ eventId: envelope.id, eventType: envelope.type }, 'guest event without a usable GuestView; not projected');
    return 0;
  }
  const guest = parsed.data;
  const t = floorTables(em);
  const fresh = await advanceProjectedVersion(em, t.projected, {
    source: 'guest',
    aggregateId: guest.id,
    restaurantId: envelope.restaurantId,
    version: envelope.aggregateVersion,
  });
  if (!fresh) return 0;

  const seated = envelope.type !== GuestEvents.GUEST_DELETED && guest.status === 'seated';
  const wanted = new Set(seated ? [...(guest.tableIds ?? []), ...(guest.tableId ? [guest.tableId] : [])] : []);
  const held = await em.execute<{ table_id: string }[]>(`select table_id from ${t.occupancy} where party_id = ? and restaurant_id = ?`, [
    guest.id,
    envelope.restaurantId,
  ]);
  const affected = new Set([...wanted, ...held.map((r) => r.table_id)]);

  return withStatusTracking(em, envelope.restaurantId, affected, envelope.actor, async (live) => {
    for (const { table_id } of held) {
      if (!wanted.has(table_id)) await em.execute(`delete from ${t.occupancy} where table_id = ? and party_id = ?`, [table_id, guest.id]);
    }
    for (const tableId of wanted) {
      if (!live.has(tableId)) {
        deps.logger.warn({ eventId: envelope.id, tableId, guestId: guest.id }, 'guest seated at a table the floor does not have (deleted or unknown); not projected');
        continue;
      }
      // Guests guarantees one seated party per table; if another party is still projected
      // here, its freeing event is behind this one, and the newer seating wins.
      await em.execute(
        `insert into ${t.occupancy} (table_id, restaurant_id, party_id, guest_version, updated_at) values (?, ?, ?, ?, now())
         on conflict (table_id) do update set party_id = excluded.party_id, guest_version = excluded.guest_version, updated_at = now()`,
        [tableId, envelope.restaurantId, guest.id, envelope.aggregateVersion],
      );
    }
  });
}

/**
 * A party that joins the waitlist holds no table, and its creation has no earlier version to
 * supersede: projecting it would change nothing. Skipping it spares a transaction for the
 * commonest event of a night (walk-ins at the host stand).
 */
function joinsWaitlist(envelope: EventEnvelope): boolean {
  const status = (envelope.data as { status?: unknown } | null)?.status;
  return envelope.type === GuestEvents.GUEST_CREATED && status !== 'seated';
}

/** The subscription (id 'floor.occupancy') on guests' topic, idempotent by event id. */
export function occupancySubscription(deps: FloorDeps): Subscription {
  return {
    id: OCCUPANCY_SUBSCRIPTION,
    topics: [Topics.GUESTS],
    async onEvent(event) {
      if (!PROJECTED.has(event.envelope.type) || joinsWaitlist(event.envelope)) return;
      let recorded = 0;
      await handleOnce(deps.em(), OCCUPANCY_SUBSCRIPTION, event.envelope, async (em) => {
        recorded = await projectGuestEvent(em, event.envelope, deps);
      });
      if (recorded > 0) deps.outboxCommitted();
    },
  };
}
