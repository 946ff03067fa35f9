import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FloorEvents, type TableView } from '@qtable/contracts';
import type { EventActor } from '@qtable/events';
import { conflict } from '@qtable/http';
import { orderedPair } from '../domain/combinable';
import { outOfServiceRequest } from '../domain/status-request';
import { FLOOR_BOUNDS, normalizeRotation, TABLE_DEFAULTS } from '../domain/table-fields';
import { floorTables, FloorTableSchema } from '../entities';
import type { CreateTableBody } from '../routes/tables/schemas';
import { numberTaken, statusRefused, unknownSection, unknownTables } from './floor-errors';
import { refuseBatchLocked } from '../batch/batch-locks';
import { recordTableEvent } from './floor-events';
import { lockCombinablePlan, lockTables, shareSection } from './table-locks';
import { bumpVersions, numberInUse } from './table-rows';
import { tableViews } from './table-views';

/**
 * Creates a table in the caller's transaction and records table.created, plus a
 * table.updated for each partner named in combinableWith (their lists gain the new table).
 */
export async function createTable(em: EntityManager, restaurantId: string, input: CreateTableBody, actor: EventActor): Promise<TableView> {
  const status = outOfServiceRequest(input.status, input.outOfService);
  if (!status.ok) throw statusRefused(status);
  const partnerIds = input.combinableWith ?? [];
  if (partnerIds.length > 0) await lockCombinablePlan(em, restaurantId);
  const partners = await lockTables(em, restaurantId, partnerIds);
  if (partners.length !== partnerIds.length) throw unknownTables(partnerIds.filter((id) => !partners.some((p) => p.id === id)));
  // The partners' versions and combinableWith change too.
  await refuseBatchLocked(em, partnerIds);
  if (input.sectionId && !(await shareSection(em, restaurantId, input.sectionId))) throw unknownSection(input.sectionId);

  const [{ count }] = await em.execute<{ count: string }[]>(
    `select count(*) from ${floorTables(em).table} where restaurant_id = ? and deleted_at is null`,
    [restaurantId],
  );
  if (Number(count) >= FLOOR_BOUNDS.tablesPerRestaurant) {
    throw conflict('table_limit_reached', `A restaurant has at most ${FLOOR_BOUNDS.tablesPerRestaurant} tables`);
  }
  // Checked here for a clear answer; the unique index decides races (see the route).
  if (await numberInUse(em, restaurantId, input.number)) throw numberTaken(input.number);

  const now = new Date();
  const table = em.create(FloorTableSchema, {
    id: randomUUID(),
    restaurantId,
    number: input.number,
    capacity: input.capacity,
    minCapacity: input.minCapacity ?? null,
    shape: input.shape ?? TABLE_DEFAULTS.shape,
    x: input.x ?? TABLE_DEFAULTS.x,
    y: input.y ?? TABLE_DEFAULTS.y,
    width: input.width ?? TABLE_DEFAULTS.width,
    height: input.height ?? TABLE_DEFAULTS.height,
    rotation: normalizeRotation(input.rotation ?? TABLE_DEFAULTS.rotation),
    sectionId: input.sectionId ?? null,
    outOfService: status.outOfService ?? false,
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  });
  await em.flush();
  for (const partner of partners) {
    const [a, b] = orderedPair(table.id, partner.id);
    await em.execute(`insert into ${floorTables(em).pair} (restaurant_id, a_id, b_id) values (?, ?, ?)`, [restaurantId, a, b]);
  }
  await bumpVersions(em, partners, now);

  const [view, ...partnerViews] = await tableViews(em, [table, ...partners]);
  recordTableEvent(em, FloorEvents.TABLE_CREATED, view, actor);
  for (const partnerView of partnerViews) recordTableEvent(em, FloorEvents.TABLE_UPDATED, partnerView, actor);
  return view;
}
