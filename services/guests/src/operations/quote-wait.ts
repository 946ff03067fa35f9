import type { EntityManager } from '@mikro-orm/postgresql';
import { turnTimesFrom, type TurnTimes } from '../domain/turn-times';
import { estimateWaitMinutes, type QuoteTable } from '../domain/wait-quote';
import { tables } from '../entities';

/** Turn times learned from this restaurant's completed parties of the last `days` days. */
export async function restaurantTurnTimes(em: EntityManager, restaurantId: string, now: Date, days: number): Promise<TurnTimes> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await em.execute<{ party_size: number; minutes: number }[]>(
    `select "party_size", extract(epoch from ("completed_at" - "seated_at")) / 60 as "minutes" from ${tables.guest}
     where "restaurant_id" = ? and "status" = 'completed' and "completed_at" >= ? and "seated_at" is not null
     order by "completed_at" desc limit 500`,
    [restaurantId, since],
  );
  return turnTimesFrom(rows.map((r) => ({ partySize: r.party_size, minutes: Number(r.minutes) })));
}

/** The restaurant's live tables with whoever sits at each (for quotes and the dashboard). */
export async function quoteTables(em: EntityManager, restaurantId: string): Promise<QuoteTable[]> {
  const rows = await em.execute<{ id: string; capacity: number; out_of_service: boolean; party_size: number | null; seated_at: Date | null }[]>(
    `select t."id", t."capacity", t."out_of_service", g."party_size", s."seated_at"
     from ${tables.floorTable} t
     left join ${tables.seating} s on s."table_id" = t."id" and s."released_at" is null
     left join ${tables.guest} g on g."id" = s."guest_id"
     where t."restaurant_id" = ? and not t."deleted"`,
    [restaurantId],
  );
  return rows.map((r) => ({
    id: r.id,
    capacity: r.capacity,
    outOfService: r.out_of_service,
    occupant: r.party_size !== null && r.seated_at ? { partySize: r.party_size, seatedAt: new Date(r.seated_at) } : null,
  }));
}

/** Parties waiting or notified, in waitlist order. */
export async function queuedPartySizes(em: EntityManager, restaurantId: string): Promise<{ id: string; partySize: number }[]> {
  const rows = await em.execute<{ id: string; party_size: number }[]>(
    `select "id", "party_size" from ${tables.guest} where "restaurant_id" = ? and "status" in ('waiting', 'notified') order by "created_at", "id"`,
    [restaurantId],
  );
  return rows.map((r) => ({ id: r.id, partySize: r.party_size }));
}

/** The quote for a party joining the end of the waitlist now (see docs/wait-quotes.md). */
export async function quoteForNewParty(em: EntityManager, restaurantId: string, partySize: number, now: Date, historyDays: number): Promise<number | null> {
  // One after another, never in parallel: `em` may be inside a transaction (one connection).
  const turnTimes = await restaurantTurnTimes(em, restaurantId, now, historyDays);
  const quoteTableList = await quoteTables(em, restaurantId);
  const queue = await queuedPartySizes(em, restaurantId);
  return estimateWaitMinutes({ partySize, ahead: queue.map((q) => q.partySize), tables: quoteTableList, turnTimes, now });
}
