import type { EntityManager } from '@mikro-orm/postgresql';
import { estimateWaitMinutes, type QuoteTable } from '../domain/wait-quote';
import type { GuestsDeps } from '../deps';
import { tables } from '../entities';

/**
 * What a quote needs, in one round trip: the restaurant's live tables with whoever sits at
 * each, and the sizes of the parties waiting or notified, in waitlist order (created_at,
 * then id). Given the new party's arrival and id, also how many of those come before it.
 */
export async function readWaitlistState(
  em: EntityManager,
  restaurantId: string,
  party?: { id: string; createdAt: Date },
): Promise<{ tables: QuoteTable[]; queuedSizes: number[]; ahead: number | null }> {
  const [row] = await em.execute<{ tables: [string, number, boolean, number | null, string | null][]; queued_sizes: number[]; ahead: string | null }[]>(
    `select
       (select coalesce(json_agg(json_build_array(t."id", t."capacity", t."out_of_service", g."party_size", s."seated_at")), '[]'::json)
          from ${tables.floorTable} t
          left join ${tables.seating} s on s."table_id" = t."id" and s."released_at" is null
          left join ${tables.guest} g on g."id" = s."guest_id"
         where t."restaurant_id" = ? and not t."deleted") as "tables",
       (select coalesce(array_agg(q."party_size" order by q."created_at", q."id"), '{}')
          from ${tables.guest} q
         where q."restaurant_id" = ? and q."status" in ('waiting', 'notified')) as "queued_sizes",
       (select count(*) from ${tables.guest} q
         where q."restaurant_id" = ? and q."status" in ('waiting', 'notified')
           and (q."created_at", q."id") < (?::timestamptz, ?::uuid)) as "ahead"`,
    [restaurantId, restaurantId, restaurantId, party?.createdAt ?? null, party?.id ?? null],
  );
  return {
    tables: row.tables.map(([id, capacity, outOfService, partySize, seatedAt]) => ({
      id,
      capacity,
      outOfService,
      occupant: partySize !== null && seatedAt ? { partySize, seatedAt: new Date(seatedAt) } : null,
    })),
    queuedSizes: row.queued_sizes,
    ahead: party ? Number(row.ahead) : null,
  };
}

/**
 * The quote for a party joining the end of the waitlist now (see docs/wait-quotes.md). With
 * the party's id and arrival, also its 1-based place (a create takes it from here instead of
 * counting again); else the number of parties queued.
 */
export async function quoteForNewParty(
  deps: GuestsDeps,
  em: EntityManager,
  restaurantId: string,
  partySize: number,
  now: Date,
  party?: { id: string; createdAt: Date },
): Promise<{ quote: number | null; position: number | null; queued: number }> {
  // One after another, never in parallel: `em` may be inside a transaction (one connection).
  const turnTimes = await deps.turnTimes.get(em, restaurantId, now);
  const state = await readWaitlistState(em, restaurantId, party);
  const quote = estimateWaitMinutes({ partySize, ahead: state.queuedSizes, tables: state.tables, turnTimes, now });
  return { quote, position: state.ahead === null ? null : state.ahead + 1, queued: state.queuedSizes.length };
}
