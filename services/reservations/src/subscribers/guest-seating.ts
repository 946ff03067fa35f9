import { GuestEvents, Topics } from '@qtable/contracts';
import type { ServiceOrm } from '@qtable/db';
import { handleOnce, type EventBus } from '@qtable/events';
import type { Logger } from '@qtable/observability';
import { z } from 'zod';
import type { Clock } from '../clock';
import { applyGuestChange } from '../operations/apply-guest-change';

export const GUEST_SEATING_SUBSCRIPTION = 'reservations.guest-seating';

// The fields of guests' GuestView this consumer needs; read loosely.
const PartyData = z.object({
  id: z.uuid(),
  status: z.string().max(20),
  reservationId: z.uuid(),
  tableIds: z.array(z.uuid()).max(50).default([]),
  seatedAt: z.string().nullable().optional(),
  completedAt: z.string().nullable().optional(),
});

// Batches also emit one guest.* event per change, so batch.completed adds nothing here.
const TYPES: string[] = [GuestEvents.GUEST_CREATED, GuestEvents.GUEST_UPDATED, GuestEvents.GUEST_STATUS_CHANGED];

/** Follows parties linked to a reservation (reservationId) through check-in, seating and completion. */
export async function subscribeGuestSeating(deps: { orm: ServiceOrm; bus: EventBus; logger: Logger; clock: Clock; outboxCommitted(): void }): Promise<void> {
  await deps.bus.subscribe({
    id: GUEST_SEATING_SUBSCRIPTION,
    topics: [Topics.GUESTS],
    async onEvent({ envelope }) {
      if (!TYPES.includes(envelope.type)) return;
      const parsed = PartyData.safeParse(envelope.data);
      if (!parsed.success) return; // not linked to a reservation (or not a party): nothing to follow
      const party = { ...parsed.data, seatedAt: parsed.data.seatedAt ?? null, completedAt: parsed.data.completedAt ?? null };
      const ran = await handleOnce(deps.orm.em.fork(), GUEST_SEATING_SUBSCRIPTION, envelope, (em) =>
        applyGuestChange(em, party, {
          restaurantId: envelope.restaurantId,
          occurredAt: new Date(envelope.occurredAt),
          actor: envelope.actor,
          now: deps.clock.now(),
          logger: deps.logger,
        }),
      );
      if (ran) deps.outboxCommitted();
    },
  });
}
