import type { EntityManager } from '@mikro-orm/postgresql';
import { estimateWaitMinutes, type QuoteTable } from '../domain/wait-quote';
import type { GuestsDeps } from '../deps';
import { tables } from '../entities';

/** A party waiting or notified, in waitlist order. */
export interface QueuedParty {
  id: string;
  partySize: number;
  createdAt: Date;
}

/**
 * What a quote needs, in one round trip: the restaurant's live tables with whoever sits at
 * each, and the parties waiting or notified in waitlist order (created_at, then id).
 */
export async function readWaitlistState(em: EntityManager, restaurantId: string): Promise<{ tables: QuoteTable[]; queue: QueuedParty[] }> {
  const [row] = await em.execute<{ tables: [string, number, boolean, number | null, string | null][]; queue: [string, number, string][] }[]>(
    `select
       (select coalesce(json_agg(json_build_array(t."id", t."capacity", t."out_of_service", g."party_size", s."seated_at")), '[]'::json)
          from ${tables.floorTable} t
          left join ${tables.seating} s on s."table_id" = t."id" and s."released_at" is null
          left join ${tables.guest} g on g."id" = s."guest_id"
         where t."restaurant_id" = ? and not t."deleted") as "tables",
       (select coalesce(json_agg(json_build_array(q."id", q."party_size", q."created_at") order by q."created_at", q."id"), '[]'::json)
          from ${tables.guest} q
         where q."restaurant_id" = ? and q."status" in ('waiting', 'notified')) as "queue"`,
    [restaurantId, restaurantId],
  );
  return {
    tables: row.tables.map(([id, capacity, outOfService, partySize, seatedAt]) => ({
      id,
      capacity,
      outOfService,
      occupant: partySize !== null && seatedAt ? { partySize, seatedAt: new Date(seatedAt) } : null,
    })),
    queue: row.queue.map(([id, partySize, createdAt]) => ({ id, partySize, createdAt: new Date(createdAt) })),
  };
}

/** 1-based place a party created at `createdAt` with `id` takes in `queue` (waitlist order). */
export function placeInQueue(queue: QueuedParty[], party: { id: string; createdAt: Date }): number {
  const at = party.createdAt.getTime();
  return queue.filter((q) => q.id !== party.id && (q.createdAt.getTime() < at || (q.createdAt.getTime() === at && q.id < party.id))).length + 1;
}

/**
 * The quote for a party joining the end of the waitlist now (see docs/wait-quotes.md), and
 * the queue it joins (a create takes its position from it instead of counting again).
 */
export async function quoteForNewParty(deps: GuestsDeps, em: EntityManager, restaurantId: string, partySize: number, now: Date): Promise<{ quote: number | null; queue: QueuedParty[] }> {
  // One after another, never in parallel: `em` may be inside a transaction (one connection).
  const turnTimes = await deps.turnTimes.get(em, restaurantId, now);
  const state = await readWaitlistState(em, restaurantId);
  const quote = estimateWaitMinutes({ partySize, ahead: state.queue.map((q) => q.partySize), tables: state.tables, turnTimes, now });
  return { quote, queue: state.queue };
}
