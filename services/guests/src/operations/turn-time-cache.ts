import type { EntityManager } from '@mikro-orm/postgresql';
import { turnTimesFrom, type TurnTimes } from '../domain/turn-times';
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

/**
 * Turn times per restaurant, kept for `ttlMs` of the service's clock. They are medians over
 * days of history: a party completed a minute ago moves them by nothing a host would see,
 * while reading up to 500 rows on every walk-in was a third of a create's database work.
 * Per process and bounded (the oldest entry goes first); replicas may disagree for at most
 * `ttlMs`, which only shifts an estimate.
 */
export class TurnTimeCache {
  private readonly entries = new Map<string, { turnTimes: TurnTimes; readAt: number }>();

  constructor(
    private readonly historyDays: number,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  async get(em: EntityManager, restaurantId: string, now: Date): Promise<TurnTimes> {
    const cached = this.entries.get(restaurantId);
    const age = cached ? now.getTime() - cached.readAt : Infinity;
    // A clock that went backwards (an injected one in tests) is as stale as an old entry.
    if (cached && age >= 0 && age < this.ttlMs) return cached.turnTimes;
    const turnTimes = await restaurantTurnTimes(em, restaurantId, now, this.historyDays);
    this.entries.delete(restaurantId);
    this.entries.set(restaurantId, { turnTimes, readAt: now.getTime() });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return turnTimes;
  }
}
