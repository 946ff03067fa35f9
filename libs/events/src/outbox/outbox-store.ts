import type { ServiceOrm } from '@qtable/db';
import type { EntityManager } from '@mikro-orm/postgresql';
import { schemaName } from '../internal/schema-name';

/** An unpublished outbox row, as the relay needs it. */
export interface OutboxRow {
  seq: string;
  id: string;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
  /** Seconds since the row was created (database clock). */
  ageSeconds: number;
}

/**
 * The relay's SQL. Every statement runs on its own (autocommit): the relay never holds a
 * transaction, least of all while publishing (PGlite serializes all connections behind an
 * open transaction, and in-memory subscribers query the database during publish).
 */
export class OutboxStore {
  private readonly schema: string;

  constructor(
    private readonly orm: ServiceOrm,
    private readonly leaseName: string,
  ) {
    this.schema = schemaName(orm.config);
  }

  /**
   * Takes or renews the lease if it is free, expired or already ours. One statement, so two
   * relays racing for it serialize on the row: exactly one gets it. Times are the database's,
   * so replicas' clocks do not matter.
   */
  async claimLease(holder: string, leaseMs: number): Promise<boolean> {
    const rows = await this.em().execute<{ holder: string }[]>(
      `insert into "${this.schema}"."outbox_relay_lease" as l (name, holder, expires_at)
       values (?, ?, now() + ? * interval '1 millisecond')
       on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where l.expires_at < now() or l.holder = excluded.holder
       returning holder`,
      [this.leaseName, holder, leaseMs],
    );
    return rows.length === 1;
  }

  /** Gives the lease up so a standby takes over at once instead of after expiry. */
  async releaseLease(holder: string): Promise<void> {
    await this.em().execute(`delete from "${this.schema}"."outbox_relay_lease" where name = ? and holder = ?`, [this.leaseName, holder], 'run');
  }

  /**
   * The oldest unpublished rows in `seq` order. A row whose transaction commits late (lower
   * seq, committed after a higher one was published) is still found: we select by
   * `published_at is null`, never by "seq above the last one seen".
   */
  async readBatch(limit: number): Promise<OutboxRow[]> {
    const rows = await this.em().execute<(Omit<OutboxRow, 'ageSeconds'> & { age_seconds: number | string })[]>(
      `select seq, id, topic, key, payload, headers,
              extract(epoch from (clock_timestamp() - created_at))::float8 as age_seconds
         from "${this.schema}"."outbox"
        where published_at is null
        order by seq
        limit ?`,
      [limit],
    );
    return rows.map(({ age_seconds, ...row }) => ({ ...row, seq: String(row.seq), headers: row.headers ?? {}, ageSeconds: Number(age_seconds) }));
  }

  async markPublished(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    // MikroORM inlines an array parameter as a list, hence `in (?)` for `= any(...)`.
    await this.em().execute(`update "${this.schema}"."outbox" set published_at = now() where id in (?)`, [ids], 'run');
  }

  /** Highest `seq` not yet published, or null: what `flush()` must get out. */
  async maxUnpublishedSeq(): Promise<string | null> {
    const [row] = await this.em().execute<{ max: string | null }[]>(`select max(seq)::text as max from "${this.schema}"."outbox" where published_at is null`);
    return row?.max ?? null;
  }

  async hasUnpublishedUpTo(seq: string): Promise<boolean> {
    const rows = await this.em().execute(`select 1 from "${this.schema}"."outbox" where published_at is null and seq <= ?::bigint limit 1`, [seq]);
    return rows.length > 0;
  }

  /** Deletes at most `limit` rows published longer than `retentionMs` ago; returns how many. */
  async deletePublishedBefore(retentionMs: number, limit: number): Promise<number> {
    const result = await this.em().execute<{ affectedRows: number }>(
      `delete from "${this.schema}"."outbox" where id in (
         select id from "${this.schema}"."outbox"
          where published_at is not null and published_at < now() - ? * interval '1 millisecond'
          limit ?)`,
      [retentionMs, limit],
      'run',
    );
    return result.affectedRows;
  }

  private em(): EntityManager {
    return this.orm.em.fork();
  }
}
