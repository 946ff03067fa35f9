import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * The raw database ceiling for the API's create: pgbench inserting the same kind of single
 * guest row (uuid key, name, size, status, timestamps), one per transaction, at the same
 * concurrency on the same server. What the API adds on top (validation, auth, the outbox
 * row, the wait quote, JSON) is what the ratio measures.
 */
export async function pgbenchInsertCeiling(databaseUrl: string, clients: number, seconds: number): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`create table if not exists bench_guest (id uuid primary key, restaurant_id uuid not null, guest_name text not null,
    party_size int not null, status text not null, created_at timestamptz not null default now(), version int not null default 1)`);
  await db.query('truncate bench_guest');
  await db.end();
  const dir = mkdtempSync(join(tmpdir(), 'qt-pgbench-'));
  const script = join(dir, 'insert.sql');
  writeFileSync(
    script,
    `\\set size random(1, 8)\ninsert into bench_guest (id, restaurant_id, guest_name, party_size, status) values (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'Bench Guest', :size, 'waiting');\n`,
  );
  const out = execFileSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, databaseUrl], { encoding: 'utf8' });
  const tps = /tps = ([\d.]+)/.exec(out)?.[1];
  if (!tps) throw new Error(`could not read pgbench output:\n${out}`);
  return Math.round(Number(tps));
}
