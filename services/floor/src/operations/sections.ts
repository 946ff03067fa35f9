import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FloorEvents, type SectionView } from '@qtable/contracts';
import type { EventActor } from '@qtable/events';
import { conflict, notFound, staleVersion } from '@qtable/http';
import { FLOOR_BOUNDS } from '../domain/table-fields';
import { floorTables, SectionSchema, type Section } from '../entities';
import type { CreateSectionBody, UpdateSectionBody } from '../routes/sections/schemas';
import { recordSectionEvent } from './floor-events';
import { sectionView } from './table-views';

const nameTaken = (name: string) => conflict('section_name_taken', `This restaurant already has a section named "${name}"`, { name });

async function nameInUse(em: EntityManager, restaurantId: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `select id from ${floorTables(em).section} where restaurant_id = ? and lower(name) = lower(?) and id <> ?`,
    [restaurantId, name, exceptId ?? '00000000-0000-0000-0000-000000000000'],
  );
  return rows.length > 0;
}

export async function listSections(em: EntityManager, restaurantId: string): Promise<SectionView[]> {
  const sections = await em.find(SectionSchema, { restaurantId }, { orderBy: { order: 'asc', name: 'asc' } });
  return sections.map(sectionView);
}

export async function getSection(em: EntityManager, restaurantId: string, sectionId: string): Promise<SectionView> {
  const section = await em.findOne(SectionSchema, { id: sectionId, restaurantId });
  if (!section) throw notFound('Section');
  return sectionView(section);
}

/** In the caller's transaction; without `order` the section goes after the last one. */
export async function createSection(em: EntityManager, restaurantId: string, input: CreateSectionBody, actor: EventActor): Promise<SectionView> {
  const [{ count, next }] = await em.execute<{ count: string; next: number }[]>(
    `select count(*) as count, coalesce(max(sort_order) + 1, 0) as next from ${floorTables(em).section} where restaurant_id = ?`,
    [restaurantId],
  );
  if (Number(count) >= FLOOR_BOUNDS.sectionsPerRestaurant) {
    throw conflict('section_limit_reached', `A restaurant has at most ${FLOOR_BOUNDS.sectionsPerRestaurant} sections`);
  }
  if (await nameInUse(em, restaurantId, input.name)) throw nameTaken(input.name);
  const now = new Date();
  const section = em.create(SectionSchema, {
    id: randomUUID(),
    restaurantId,
    name: input.name,
    color: input.color,
    order: input.order ?? Math.min(Number(next), 10_000),
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await em.flush();
  const view = sectionView(section);
  recordSectionEvent(em, FloorEvents.SECTION_CREATED, view, actor);
  return view;
}

async function lockSection(em: EntityManager, restaurantId: string, sectionId: string, expectedVersion: number): Promise<Section> {
  const section = await em.findOne(SectionSchema, { id: sectionId, restaurantId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!section) throw notFound('Section');
  if (section.version !== expectedVersion) throw staleVersion(sectionView(section));
  return section;
}

export async function updateSection(
  em: EntityManager,
  restaurantId: string,
  sectionId: string,
  input: UpdateSectionBody,
  expectedVersion: number,
  actor: EventActor,
): Promise<{ view: SectionView; changed: boolean }> {
  const section = await lockSection(em, restaurantId, sectionId, expectedVersion);
  const changes = Object.fromEntries(
    (['name', 'color', 'order'] as const).filter((k) => input[k] !== undefined && input[k] !== section[k]).map((k) => [k, input[k]]),
  ) as Partial<Pick<Section, 'name' | 'color' | 'order'>>;
  if (Object.keys(changes).length === 0) return { view: sectionView(section), changed: false };
  if (changes.name !== undefined && (await nameInUse(em, restaurantId, changes.name, section.id))) throw nameTaken(changes.name);
  Object.assign(section, changes, { updatedAt: new Date() });
  await em.flush();
  const view = sectionView(section);
  recordSectionEvent(em, FloorEvents.SECTION_UPDATED, view, actor);
  return { view, changed: true };
}

/**
 * Deleting a section that still has live tables is refused (409 section_not_empty, listing
 * them) rather than detaching them: a section deleted by mistake mid-service would
 * otherwise silently scatter its tables out of every host's section filter. Move or delete
 * the tables first. The FOR UPDATE lock waits for tables being put into the section
 * (they hold it FOR SHARE), so the emptiness check sees them.
 */
export async function deleteSection(em: EntityManager, restaurantId: string, sectionId: string, expectedVersion: number, actor: EventActor): Promise<SectionView> {
  const section = await lockSection(em, restaurantId, sectionId, expectedVersion);
  const t = floorTables(em);
  const live = await em.execute<{ id: string; number: string }[]>(
    `select id, number from ${t.table} where section_id = ? and deleted_at is null order by number`,
    [sectionId],
  );
  if (live.length > 0) {
    throw conflict('section_not_empty', `The section still has ${live.length} table(s); move or delete them first`, {
      current: sectionView(section),
      tables: live,
    });
  }
  // Deleted tables keep their row; they no longer need their section.
  await em.execute(`update ${t.table} set section_id = null where section_id = ? and deleted_at is not null`, [sectionId]);
  const view = { ...sectionView(section), version: section.version + 1, updatedAt: new Date().toISOString() };
  em.remove(section);
  await em.flush();
  recordSectionEvent(em, FloorEvents.SECTION_DELETED, view, actor);
  return view;
}
