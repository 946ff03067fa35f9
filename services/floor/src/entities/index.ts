import type { EntityManager } from '@mikro-orm/core';
import { FloorTableSchema } from './floor-table';
import { SectionSchema } from './section';

export { FloorTableSchema, type FloorTable } from './floor-table';
export { SectionSchema, type Section } from './section';

export const floorEntities = [SectionSchema, FloorTableSchema];

/**
 * Schema-qualified names for raw SQL. At runtime no search_path is set (PGlite shares one
 * session between services), so raw statements must name the schema.
 */
export function floorTables(em: EntityManager) {
  const schema = em.config.get('schema');
  if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid floor schema name: ${String(schema)}`);
  const q = (table: string) => `"${schema}"."${table}"`;
  return {
    table: q('floor_table'),
    section: q('section'),
    pair: q('table_pair'),
    occupancy: q('table_occupancy'),
    hold: q('table_hold'),
    projected: q('projected_aggregate'),
    preparedBatch: q('prepared_batch'),
    batchLock: q('batch_table_lock'),
  };
}
