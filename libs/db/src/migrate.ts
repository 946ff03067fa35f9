import { Client } from 'pg';
import type { ServiceOrm } from './create-service-orm';

/**
 * Creates the service's schema if needed and applies its pending migrations. Replicas
 * booting together (a Kubernetes rollout, the local cluster) would otherwise race on the
 * same migrations; a session advisory lock, held on its own connection, lets one migrate
 * while the others wait and then find nothing pending. (On PGlite every connection shares
 * one session, so the lock is simply re-entrant there.)
 */
export async function migrateUp(orm: ServiceOrm): Promise<void> {
  const schema = orm.config.get('schema');
  if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid service schema name: ${String(schema)}`);
  }
  const lock = new Client({ connectionString: orm.config.get('clientUrl') });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [`qtable.migrate.${schema}`]);
    await orm.em.fork().execute(`create schema if not exists "${schema}"`);
    await orm.migrator.up();
  } finally {
    await lock.query('select pg_advisory_unlock(hashtext($1))', [`qtable.migrate.${schema}`]).catch(() => undefined);
    await lock.end();
  }
}
