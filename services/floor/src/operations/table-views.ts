import type { EntityManager } from '@mikro-orm/postgresql';
import type { SectionView, TableView } from '@qtable/contracts';
import { deriveStatus } from '../domain/table-status';
import { floorTables, type FloorTable, type Section } from '../entities';

/** The projected facts of some tables: who sits there, which are held, their partners. */
async function projectedFacts(em: EntityManager, ids: string[]) {
  const t = floorTables(em);
  // One after the other: inside a transaction they share one connection anyway.
  const occupancy = await em.execute<{ table_id: string; party_id: string }[]>(`select table_id, party_id from ${t.occupancy} where table_id in (?)`, [ids]);
  const holds = await em.execute<{ table_id: string }[]>(`select distinct table_id from ${t.hold} where table_id in (?)`, [ids]);
  const pairs = await em.execute<{ a_id: string; b_id: string }[]>(`select a_id, b_id from ${t.pair} where a_id in (?) or b_id in (?)`, [ids, ids]);
  const partners = new Map<string, string[]>();
  const add = (from: string, to: string) => partners.set(from, [...(partners.get(from) ?? []), to]);
  for (const { a_id, b_id } of pairs) {
    add(a_id, b_id);
    add(b_id, a_id);
  }
  return {
    partyOf: new Map(occupancy.map((r) => [r.table_id, r.party_id])),
    held: new Set(holds.map((r) => r.table_id)),
    partners,
  };
}

/**
 * The views of `tables` as clients see them: the stored fields plus the derived status,
 * the seated party and the combinable partners. Three queries whatever the number of
 * tables, in the caller's unit of work (inside a transaction: the same connection).
 */
export async function tableViews(em: EntityManager, tables: FloorTable[]): Promise<TableView[]> {
  if (tables.length === 0) return [];
  const facts = await projectedFacts(em, tables.map((t) => t.id));
  return tables.map((table) => {
    const partyId = facts.partyOf.get(table.id) ?? null;
    return {
      id: table.id,
      restaurantId: table.restaurantId,
      number: table.number,
      capacity: table.capacity,
      minCapacity: table.minCapacity,
      shape: table.shape,
      x: table.x,
      y: table.y,
      width: table.width,
      height: table.height,
      rotation: table.rotation,
      sectionId: table.sectionId,
      status: deriveStatus({ outOfService: table.outOfService, partyId, held: facts.held.has(table.id) }),
      outOfService: table.outOfService,
      partyId,
      combinableWith: [...(facts.partners.get(table.id) ?? [])].sort(),
      version: table.version,
      createdAt: table.createdAt.toISOString(),
      updatedAt: table.updatedAt.toISOString(),
    };
  });
}

/** A section as clients see it. */
export const sectionView = (section: Section): SectionView => ({
  id: section.id,
  restaurantId: section.restaurantId,
  name: section.name,
  color: section.color,
  order: section.order,
  version: section.version,
  createdAt: section.createdAt.toISOString(),
  updatedAt: section.updatedAt.toISOString(),
});
