import type { ServiceOrm } from './create-service-orm';

/** Creates the service's schema if needed and applies its pending migrations. */
export async function migrateUp(orm: ServiceOrm): Promise<void> {
  const schema = orm.config.get('schema');
  if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid service schema name: ${String(schema)}`);
  }
  await orm.em.fork().execute(`create schema if not exists "${schema}"`);
  await orm.migrator.up();
}
