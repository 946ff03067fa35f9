import type { EntityManager } from '@mikro-orm/postgresql';
import type { TableSet } from '../domain/table-sets';
import { isDeadlock, isExclusionViolation, tableOf } from './sql';

/** Candidate sets tried before giving up; each failure means another booking just took that set. */
export const MAX_TABLE_ATTEMPTS = 12;

/**
 * Queues writers of the same tables behind each other (transaction-scoped advisory locks, in
 * sorted order). The exclusion constraint alone is correct, but two transactions inserting
 * conflicting rows at once can each wait for the other inside the index check, which
 * PostgreSQL resolves only after deadlock_timeout (1 s) — under a rush of bookings for one
 * slot that turned a few milliseconds into seconds. Released with the savepoint when the
 * set is lost, kept to commit when it is won.
 */
async function lockTables(em: EntityManager, tableIds: readonly string[]): Promise<void> {
  for (const id of [...tableIds].sort()) await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`reservations:table:${id}`]);
}

/**
 * Writes the booking's table rows for the first candidate set the database accepts. The
 * exclusion constraint is the judge: a concurrent booking of an overlapping time on any of
 * the tables makes the insert fail (after waiting for that booking to commit), the savepoint
 * undoes it, and the next candidate is tried — so concurrent bookings of one slot spread
 * over the free tables and exactly as many succeed as the room holds. Rows go in sorted
 * table order in one statement, so two joined bookings never wait on each other in a cycle.
 * `replace`: the booking's previous rows are removed in the same savepoint (a move).
 */
export async function assignTables(
  em: EntityManager,
  booking: { reservationId: string; restaurantId: string; startsAt: Date; endsAt: Date; replace: boolean },
  candidates: TableSet[],
  onConflict: () => void,
): Promise<TableSet | undefined> {
  const table = tableOf(em, 'reservation_table');
  for (const set of candidates.slice(0, MAX_TABLE_ATTEMPTS)) {
    await em.execute('savepoint assign_tables');
    try {
      const ids = [...set.tableIds].sort();
      await lockTables(em, ids);
      if (booking.replace) await em.execute(`delete from ${table} where "reservation_id" = ?`, [booking.reservationId]);
      await em.execute(
        `insert into ${table} ("reservation_id", "table_id", "restaurant_id", "during") values ${ids.map(() => '(?, ?, ?, tstzrange(?, ?))').join(', ')}`,
        ids.flatMap((id) => [booking.reservationId, id, booking.restaurantId, booking.startsAt, booking.endsAt]),
      );
      await em.execute('release savepoint assign_tables');
      return set;
    } catch (err) {
      if (!isExclusionViolation(err) && !isDeadlock(err)) throw err;
      await em.execute('rollback to savepoint assign_tables');
      onConflict();
    }
  }
  return undefined;
}

/** Takes the booking's tables out of the no-overlap check (cancelled, no-show, completed): the time is free again. */
export async function releaseTableRows(em: EntityManager, reservationId: string, keepTableIds: string[] = []): Promise<void> {
  await em.execute(`update ${tableOf(em, 'reservation_table')} set "active" = false where "reservation_id" = ? and "active" and not ("table_id" in (?))`, [
    reservationId,
    keepTableIds.length ? keepTableIds : ['00000000-0000-0000-0000-000000000000'],
  ]);
}

/**
 * Books the rows of a no-show again (the party turned up late). All or nothing; false when
 * another booking took one of the tables meanwhile.
 */
export async function reactivateTableRows(em: EntityManager, reservationId: string): Promise<boolean> {
  await em.execute('savepoint reactivate_tables');
  try {
    const rows = await em.execute<{ table_id: string }[]>(`select "table_id" from ${tableOf(em, 'reservation_table')} where "reservation_id" = ?`, [reservationId]);
    await lockTables(em, rows.map((r) => r.table_id));
    await em.execute(`update ${tableOf(em, 'reservation_table')} set "active" = true where "reservation_id" = ?`, [reservationId]);
    await em.execute('release savepoint reactivate_tables');
    return true;
  } catch (err) {
    if (!isExclusionViolation(err) && !isDeadlock(err)) throw err;
    await em.execute('rollback to savepoint reactivate_tables');
    return false;
  }
}
