import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GuestView, TableStatus } from '@qtable/contracts';
import type { GuestsDeps } from '../deps';
import { isKnownTimeZone, localDayOf, utcDayOf, type LocalDay } from '@qtable/zoned-time';
import { HttpError } from '@qtable/http';
import { estimateQueueWaitMinutes, type QuoteTable } from '../domain/wait-quote';
import { tables } from '../entities';
import { guestFromRow, type GuestRow } from './guest-row';
import { guestView } from './guest-view';

const minutesBetween = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));

interface TableRow {
  id: string;
  number: string;
  capacity: number;
  out_of_service: boolean;
  deleted: boolean;
  view: Record<string, unknown>;
}

/**
 * Why a seated party's tables need a host's eye: floor deleted one or set it out of
 * service after (or, within the projection's lag, just before) the party sat down.
 */
type TableIssue = { tableId: string; issue: 'table_deleted' | 'table_out_of_service' };
function tableIssues(tableIds: string[], tableById: Map<string, TableRow>): TableIssue[] {
  return tableIds.flatMap((tableId): TableIssue[] => {
    const row = tableById.get(tableId);
    if (!row || row.deleted) return [{ tableId, issue: 'table_deleted' }];
    return row.out_of_service ? [{ tableId, issue: 'table_out_of_service' }] : [];
  });
}

/**
 * The service day containing `now`: the restaurant's local calendar day when its zone is
 * known (projected from auth), else the UTC day. Falls back to UTC too for a zone this
 * runtime's ICU no longer knows, rather than failing the whole dashboard.
 */
export function serviceDayOf(now: Date, timeZone: string | undefined): LocalDay & { basis: string } {
  if (timeZone && isKnownTimeZone(timeZone)) return { ...localDayOf(now, timeZone), basis: timeZone };
  return { ...utcDayOf(now), basis: 'UTC' };
}

async function readSnapshot(em: EntityManager, deps: GuestsDeps, restaurantId: string, now: Date) {
  const tableRows = await em.execute<TableRow[]>(
    `select "id", "number", "capacity", "out_of_service", "deleted", "view" from ${tables.floorTable} where "restaurant_id" = ?`,
    [restaurantId],
  );
  const seatings = await em.execute<{ table_id: string; guest_id: string }[]>(
    `select "table_id", "guest_id" from ${tables.seating} where "restaurant_id" = ? and "released_at" is null`,
    [restaurantId],
  );
  const active = (
    await em.execute<GuestRow[]>(
      `select * from ${tables.guest} where "restaurant_id" = ? and "status" in ('waiting', 'notified', 'seated') order by "created_at", "id"`,
      [restaurantId],
    )
  ).map(guestFromRow);
  const [zone] = await em.execute<{ time_zone: string }[]>(`select "time_zone" from ${tables.restaurantZone} where "restaurant_id" = ?`, [restaurantId]);
  const day = serviceDayOf(now, zone?.time_zone);
  // Bounded both ways: with an injected clock (tests) later seatings exist, and a 25-hour day must not borrow from the next.
  const [today] = await em.execute<{ parties: string; covers: string | null; avg_wait: string | null }[]>(
    `select count(*) as "parties", sum("party_size") as "covers", avg(extract(epoch from ("seated_at" - "created_at"))) / 60 as "avg_wait"
     from ${tables.guest} where "restaurant_id" = ? and "seated_at" >= ? and "seated_at" < ?`,
    [restaurantId, day.start, day.end],
  );
  const turnTimes = await deps.turnTimes.get(em, restaurantId, now);
  return { tableRows, seatings, active, day, today, turnTimes };
}

/**
 * The host stand's picture of a restaurant in one consistent read: tables with derived
 * status and who sits there, the waitlist in order, seated parties, and today's counts.
 *
 * `cursor` is the realtime log's head read BEFORE the snapshot (one repeatable-read
 * transaction for every query): any change committed after the snapshot was taken has its
 * realtime message appended after that head, so a client that resumes with `since=cursor`
 * misses nothing (it may see again a change the snapshot already shows; `version` tells).
 */
export async function dashboard(deps: GuestsDeps, restaurantId: string) {
  const cursor = await deps.realtimeLog.head(restaurantId).catch((err: unknown) => {
    // Without the cursor a client could not resume without a gap: refuse the snapshot
    // plainly (retryable) rather than serve one it cannot safely follow.
    deps.logger.warn({ err }, 'realtime log unavailable for the dashboard cursor');
    throw new HttpError(503, 'realtime_log_unavailable', 'The realtime log cannot be read right now; retry shortly', undefined, { 'Retry-After': '2' });
  });
  const now = deps.now();
  const snap = await deps.em().transactional((tx) => readSnapshot(tx, deps, restaurantId, now), { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });

  const byId = new Map(snap.active.map((g) => [g.id, g]));
  const occupant = new Map(snap.seatings.map((s) => [s.table_id, byId.get(s.guest_id)]));
  const queued = snap.active.filter((g) => g.status === 'waiting' || g.status === 'notified');
  const seated = snap.active.filter((g) => g.status === 'seated');

  const tableById = new Map(snap.tableRows.map((row) => [row.id, row]));
  const tableList = snap.tableRows
    .filter((row) => !row.deleted)
    .map((row) => {
      const party = occupant.get(row.id);
      const status: TableStatus = row.out_of_service ? 'out_of_service' : party ? 'occupied' : row.view.status === 'reserved' ? 'reserved' : 'available';
      return {
        ...row.view,
        id: row.id,
        number: row.number,
        status,
        partyId: party?.id ?? null,
        party: party ? { id: party.id, guestName: party.guestName, partySize: party.partySize, seatedAt: party.seatedAt!.toISOString(), elapsedMinutes: minutesBetween(party.seatedAt!, now) } : null,
      };
    })
    .sort((a, b) => String(a.number).localeCompare(String(b.number), undefined, { numeric: true }));

  const quoteTableList = snap.tableRows
    .filter((row) => !row.deleted)
    .map((row): QuoteTable => {
      const party = occupant.get(row.id);
      return { id: row.id, capacity: row.capacity, outOfService: row.out_of_service, occupant: party?.seatedAt ? { partySize: party.partySize, seatedAt: party.seatedAt } : null };
    });
  const estimates = estimateQueueWaitMinutes({ partySizes: queued.map((g) => g.partySize), tables: quoteTableList, turnTimes: snap.turnTimes, now });
  const waitlist = queued.map((g, i): GuestView & { waitedMinutes: number; estimatedWaitMinutes: number | null } => ({
    ...guestView(g, i + 1),
    waitedMinutes: minutesBetween(g.createdAt, now),
    estimatedWaitMinutes: estimates[i],
  }));
  const count = (status: TableStatus) => tableList.filter((t) => t.status === status).length;

  return {
    restaurantId,
    cursor,
    generatedAt: now.toISOString(),
    tables: tableList,
    waitlist,
    seated: seated.map((g) => ({ ...guestView(g, null), elapsedMinutes: minutesBetween(g.seatedAt ?? g.createdAt, now), tableIssues: tableIssues(g.tableIds, tableById) })),
    counts: {
      partiesWaiting: queued.length,
      coversWaiting: queued.reduce((sum, g) => sum + g.partySize, 0),
      partiesSeated: seated.length,
      coversSeated: seated.reduce((sum, g) => sum + g.partySize, 0),
      tablesTotal: tableList.length,
      tablesAvailable: count('available'),
      tablesOccupied: count('occupied'),
      tablesReserved: count('reserved'),
      tablesOutOfService: count('out_of_service'),
      partiesSeatedToday: Number(snap.today.parties),
      coversSeatedToday: Number(snap.today.covers ?? 0),
      averageWaitMinutesToday: snap.today.avg_wait === null ? null : Math.round(Number(snap.today.avg_wait) * 10) / 10,
      dayStartsAt: snap.day.start.toISOString(),
      dayEndsAt: snap.day.end.toISOString(),
      dayBasis: snap.day.basis,
    },
    turnTimes: snap.turnTimes,
  };
}
