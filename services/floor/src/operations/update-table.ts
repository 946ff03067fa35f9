import type { EntityManager } from '@mikro-orm/postgresql';
import { FloorEvents, type TableView } from '@qtable/contracts';
import type { EventActor } from '@qtable/events';
import { notFound, staleVersion } from '@qtable/http';
import { orderedPair, partnerChanges } from '../domain/combinable';
import { outOfServiceRequest } from '../domain/status-request';
import { normalizeRotation } from '../domain/table-fields';
import { floorTables, type FloorTable } from '../entities';
import type { UpdateTableBody } from '../routes/tables/schemas';
import { refuseBatchLocked } from '../batch/batch-locks';
import { numberTaken, statusRefused, unknownSection, unknownTables, unprocessable } from './floor-errors';
import { recordTableEvent } from './floor-events';
import { lockCombinablePlan, lockTables, partnersOf, shareSection } from './table-locks';
import { bumpVersions, numberInUse } from './table-rows';
import { tableViews } from './table-views';

type Changes = Partial<Pick<FloorTable, 'number' | 'capacity' | 'minCapacity' | 'shape' | 'x' | 'y' | 'width' | 'height' | 'rotation' | 'sectionId' | 'outOfService'>>;

function requestedChanges(table: FloorTable, input: UpdateTableBody, outOfService: boolean | undefined): Changes {
  const wanted: Changes = {
    number: input.number,
    capacity: input.capacity,
    minCapacity: input.minCapacity,
    shape: input.shape,
    x: input.x,
    y: input.y,
    width: input.width,
    height: input.height,
    rotation: input.rotation === undefined ? undefined : normalizeRotation(input.rotation),
    sectionId: input.sectionId,
    outOfService,
  };
  return Object.fromEntries(
    Object.entries(wanted).filter(([key, value]) => value !== undefined && value !== table[key as keyof Changes]),
  ) as Changes;
}

/**
 * Applies a PUT at `expectedVersion` in the caller's transaction. The table row is locked
 * first, so of concurrent writers at one version exactly one passes the check; the others
 * see the new version and get 409 with the current state. A changed combinableWith also
 * rewrites the partners' lists (pairs are stored once, so both sides change together) and
 * bumps their versions, with one event each.
 */
export async function updateTable(
  em: EntityManager,
  restaurantId: string,
  tableId: string,
  input: UpdateTableBody,
  expectedVersion: number,
  actor: EventActor,
): Promise<{ view: TableView; changed: boolean }> {
  const status = outOfServiceRequest(input.status, input.outOfService);
  if (!status.ok) throw statusRefused(status);
  const requestedPartners = input.combinableWith;
  let lockIds = [tableId];
  if (requestedPartners) {
    if (requestedPartners.includes(tableId)) throw unprocessable('invalid_combinable', 'A table cannot be combinable with itself');
    await lockCombinablePlan(em, restaurantId);
    lockIds = [tableId, ...(await partnersOf(em, tableId)), ...requestedPartners];
  }
  const locked = await lockTables(em, restaurantId, lockIds);
  const table = locked.find((t) => t.id === tableId);
  if (!table) throw notFound('Table');
  const [before] = await tableViews(em, [table]);
  if (table.version !== expectedVersion) throw staleVersion(before);
  await refuseBatchLocked(em, locked.map((t) => t.id));

  const changes = requestedChanges(table, input, status.outOfService);
  if (changes.number !== undefined && (await numberInUse(em, restaurantId, changes.number, table.id))) throw numberTaken(changes.number);
  if (changes.sectionId && !(await shareSection(em, restaurantId, changes.sectionId))) throw unknownSection(changes.sectionId);
  const capacity = changes.capacity ?? table.capacity;
  const minCapacity = changes.minCapacity === undefined ? table.minCapacity : changes.minCapacity;
  if (minCapacity !== null && minCapacity > capacity) {
    throw unprocessable('min_capacity_exceeds_capacity', `minCapacity ${minCapacity} exceeds capacity ${capacity}`, { capacity, minCapacity });
  }

  let partners: FloorTable[] = [];
  if (requestedPartners) {
    const { added, removed } = partnerChanges(before.combinableWith, requestedPartners);
    const missing = added.filter((id) => !locked.some((t) => t.id === id));
    if (missing.length > 0) throw unknownTables(missing);
    const pairs = floorTables(em).pair;
    for (const id of added) await em.execute(`insert into ${pairs} (restaurant_id, a_id, b_id) values (?, ?, ?)`, [restaurantId, ...orderedPair(tableId, id)]);
    for (const id of removed) await em.execute(`delete from ${pairs} where a_id = ? and b_id = ?`, orderedPair(tableId, id));
    partners = locked.filter((t) => added.includes(t.id) || removed.includes(t.id));
  }
  if (Object.keys(changes).length === 0 && partners.length === 0) return { view: before, changed: false };

  Object.assign(table, changes);
  await bumpVersions(em, [table, ...partners], new Date());
  const [view, ...partnerViews] = await tableViews(em, [table, ...partners]);
  recordTableEvent(em, view.status === before.status ? FloorEvents.TABLE_UPDATED : FloorEvents.TABLE_STATUS_CHANGED, view, actor);
  for (const partnerView of partnerViews) recordTableEvent(em, FloorEvents.TABLE_UPDATED, partnerView, actor);
  return { view, changed: true };
}
