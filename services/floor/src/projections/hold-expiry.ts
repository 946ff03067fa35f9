import type { FloorDeps } from '../deps';
import { floorTables } from '../entities';
import { withStatusTracking } from './status-tracking';

const SYSTEM_ACTOR = { type: 'system' as const, id: 'floor.hold-expiry' };
const BATCH = 200;

/**
 * Releases holds whose `holdUntil` has passed: reservations normally sends TABLES_RELEASED,
 * but a table must not stay `reserved` forever if that event never comes. One transaction
 * per restaurant, status events as for any projection change. Safe on several replicas at
 * once: the second finds the rows gone and records nothing. Returns the events recorded.
 */
export async function releaseExpiredHolds(deps: FloorDeps, now = new Date()): Promise<number> {
  const em = deps.em();
  const t = floorTables(em);
  const expired = await em.execute<{ restaurant_id: string; table_id: string }[]>(
    `select distinct restaurant_id, table_id from ${t.hold} where hold_until <= ? limit ${BATCH}`,
    [now],
  );
  const byRestaurant = new Map<string, string[]>();
  for (const row of expired) byRestaurant.set(row.restaurant_id, [...(byRestaurant.get(row.restaurant_id) ?? []), row.table_id]);
  let recorded = 0;
  for (const [restaurantId, tableIds] of byRestaurant) {
    recorded += await deps.em().transactional((tx) =>
      withStatusTracking(tx, restaurantId, tableIds, SYSTEM_ACTOR, async () => {
        await tx.execute(`delete from ${t.hold} where table_id in (?) and hold_until <= ?`, [tableIds, now]);
      }),
    );
  }
  if (recorded > 0) deps.outboxCommitted();
  return recorded;
}
