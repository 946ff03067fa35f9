import { createTestDatabase, type TestDatabase } from '@qtable/testing';
import { createServiceOrm } from '../src/create-service-orm';
import { migrateUp } from '../src/migrate';
import { SchemaMigration } from '../src/schema-migration';

class CreateWidgets extends SchemaMigration {
  protected statements() {
    return ['create table "widget" ("id" uuid primary key, "name" text not null)'];
  }
}

describe('migrateUp (real PostgreSQL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('creates the schema with its platform tables, and concurrent replicas migrate once without colliding', async () => {
    const orms = await Promise.all(
      [1, 2, 3].map(() =>
        createServiceOrm({ clientUrl: database.url, schema: 'widgets', entities: [], migrations: [{ name: 'Migration20260101000000Widgets', class: CreateWidgets }], poolMax: 2 }),
      ),
    );
    try {
      await Promise.all(orms.map((orm) => migrateUp(orm)));
      const em = orms[0].em.fork();
      const tables = await em.execute<{ table_name: string }[]>(
        `select table_name from information_schema.tables where table_schema = 'widgets' order by table_name`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(['idempotency_key', 'mikro_orm_migrations', 'outbox', 'outbox_relay_lease', 'processed_event', 'widget']);
      const applied = await em.execute<{ count: string }[]>(`select count(*) from "widgets"."mikro_orm_migrations"`);
      expect(Number(applied[0].count)).toBe(3);
      // Nothing leaked into public.
      const inPublic = await em.execute(`select 1 from information_schema.tables where table_schema = 'public' and table_name = 'outbox'`);
      expect(inPublic).toHaveLength(0);
    } finally {
      await Promise.all(orms.map((orm) => orm.close()));
    }
  });
});
