import type { EntityManager } from '@mikro-orm/postgresql';
import { FloorEvents, type TableView } from '@qtable/contracts';
import type { EventActor } from '@qtable/events';
import { z } from 'zod';
import { recordTableEvent } from '../operations/floor-events';
import { lockTables } from '../operations/table-locks';
import { bumpVersions } from '../operations/table-rows';
import { tableViews } from '../operations/table-views';

const differs = (before: TableView | undefined, after: TableView) => !before || before.status !== after.status || before.partyId !== after.partyId;

/**
 * Runs `apply` — a projection's writes for the tables `tableIds` — with those tables locked,
 * then, in the same transaction, bumps the version of each table whose derived status (or
 * seated party) changed and records a table.status_changed with its new view. `apply` gets
 * the ids among `tableIds` that are live tables of the restaurant: ids of deleted tables,
 * of another restaurant or of nothing are never projected. Returns the events recorded.
 */
export async function withStatusTracking(
  em: EntityManager,
  restaurantId: string,
  tableIds: Iterable<string>,
  actor: EventActor | null,
  apply: (liveIds: Set<string>) => Promise<void>,
): Promise<number> {
  // Locked before reading: a DELETE of the table (which refuses occupied tables) and a
  // PUT (which derives the status it reports) see this projection's write or none of it.
  const tables = await lockTables(em, restaurantId, tableIds);
  const before = new Map((await tableViews(em, tables)).map((v) => [v.id, v]));
  await apply(new Set(tables.map((t) => t.id)));
  const after = await tableViews(em, tables);
  const changed = tables.filter((t, i) => differs(before.get(t.id), after[i]));
  if (changed.length === 0) return 0;
  await bumpVersions(em, changed, new Date());
  for (const view of await tableViews(em, changed)) recordTableEvent(em, FloorEvents.TABLE_STATUS_CHANGED, view, actor);
  return changed.length;
}

/**
 * Records that the projection `source` applies `version` of a foreign aggregate. False if a
 * newer version was applied already (an older event must never overwrite a newer one), or
 * if the aggregate is known under another restaurant. Equal versions pass: the producer may
 * emit several events at one version, and duplicates are already filtered by event id.
 * The row lock also serializes concurrent events of one aggregate.
 */
export async function advanceProjectedVersion(
  em: EntityManager,
  table: string,
  fields: { source: string; aggregateId: string; restaurantId: string; version: number },
): Promise<boolean> {
  const rows = await em.execute<{ version: number }[]>(
    `insert into ${table} as p (source, aggregate_id, restaurant_id, version) values (?, ?, ?, ?)
     on conflict (source, aggregate_id) do update set version = excluded.version
     where p.version <= excluded.version and p.restaurant_id = excluded.restaurant_id
     returning p.version`,
    [fields.source, fields.aggregateId, fields.restaurantId, fields.version],
  );
  return rows.length > 0;
}

/** The envelope fields a projection writes into uuid and integer columns, checked before any SQL. */
export const ProjectableEnvelope = z.object({
  id: z.uuid(),
  restaurantId: z.uuid(),
  aggregateId: z.uuid(),
  aggregateVersion: z.number().int().min(0).max(2_147_483_647),
});
