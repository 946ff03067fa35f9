import { Migration } from '@mikro-orm/migrations';

/**
 * Base for every service migration: statements run with the service's schema as search
 * path, so migrations name tables plainly. `set local` keeps the setting inside the
 * migration transaction: PGlite (embedded mode) shares one session between all
 * connections, so a session-wide search path would leak into other services' queries.
 */
export abstract class SchemaMigration extends Migration {
  protected abstract statements(): string[];

  override up(): void {
    this.addSql(`set local search_path to "${this.config.get('schema')}"`);
    for (const sql of this.statements()) this.addSql(sql);
  }
}
