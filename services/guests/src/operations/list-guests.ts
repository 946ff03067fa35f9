import type { EntityManager } from '@mikro-orm/postgresql';
import type { GuestStatus, GuestView } from '@qtable/contracts';
import { containsPattern, encodeCursor, type ListCursor } from '../domain/list-cursor';
import { tables } from '../entities';
import { guestView, waitlistPositions } from './guest-view';
import { guestFromRow, type GuestRow } from './guest-row';

export interface GuestListQuery {
  search?: string;
  statuses?: GuestStatus[];
  tableId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  limit: number;
  offset?: number;
  after?: ListCursor;
}

export interface GuestListPage {
  guests: GuestView[];
  total: number;
  nextCursor: string | null;
}

// The list's order: the waitlist first in its order, then seated parties, then the rest,
// each by arrival. Keyset pagination runs on the same expression.
const RANK = `(case when "status" in ('waiting', 'notified') then 0 when "status" = 'seated' then 1 else 2 end)`;

/** One page of a restaurant's parties, filtered, in waitlist order, with the total matching. */
export async function listGuests(em: EntityManager, restaurantId: string, query: GuestListQuery): Promise<GuestListPage> {
  const where = ['"restaurant_id" = ?'];
  const params: unknown[] = [restaurantId];
  if (query.statuses && query.statuses.length > 0) {
    where.push('"status" in (?)');
    params.push(query.statuses);
  }
  if (query.tableId) {
    where.push('"table_ids" @> ?::jsonb');
    params.push(JSON.stringify([query.tableId]));
  }
  if (query.search) {
    // PostgreSQL's default LIKE escape character is the backslash, which containsPattern uses.
    where.push('"guest_name" ilike ?');
    params.push(containsPattern(query.search));
  }
  if (query.createdFrom) {
    where.push('"created_at" >= ?');
    params.push(query.createdFrom);
  }
  if (query.createdTo) {
    where.push('"created_at" < ?');
    params.push(query.createdTo);
  }
  const filter = where.join(' and ');
  const [{ total }] = await em.execute<{ total: string }[]>(`select count(*) as "total" from ${tables.guest} where ${filter}`, params);

  const pageWhere = query.after ? `${filter} and (${RANK}, "created_at", "id") > (?, ?::timestamptz, ?::uuid)` : filter;
  const pageParams = query.after ? [...params, query.after.rank, query.after.createdAt, query.after.id] : params;
  const rows = await em.execute<(GuestRow & { rank: number })[]>(
    `select *, ${RANK} as "rank" from ${tables.guest} where ${pageWhere}
     order by "rank", "created_at", "id" limit ? offset ?`,
    [...pageParams, query.limit + 1, query.after ? 0 : (query.offset ?? 0)],
  );
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const positions = await waitlistPositions(em, restaurantId);
  const last = page[page.length - 1];
  return {
    guests: page.map((row) => guestView(guestFromRow(row), positions.get(row.id) ?? null)),
    total: Number(total),
    nextCursor: hasMore && last ? encodeCursor({ rank: last.rank, createdAt: new Date(last.created_at).toISOString(), id: last.id }) : null,
  };
}
