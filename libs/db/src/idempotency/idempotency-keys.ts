import type { EntityManager } from '@mikro-orm/postgresql';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotentOutcome =
  | { kind: 'fresh'; response: StoredResponse }
  | { kind: 'replayed'; response: StoredResponse }
  | { kind: 'mismatch' };

/**
 * Runs `operation` at most once per (scope, key): the key row, the operation's writes and
 * its response commit in one transaction. A concurrent retry with the same key blocks on
 * the key row's insert until the first commits, then replays its response; if the first
 * failed (rolled back), the retry runs. A key reused with a different request is refused.
 */
export async function runIdempotent(
  em: EntityManager,
  request: { scope: string; key: string; requestHash: string },
  operation: (em: EntityManager) => Promise<StoredResponse>,
): Promise<IdempotentOutcome> {
  const schema = em.config.get('schema');
  const table = `"${schema}"."idempotency_key"`;
  return em.transactional(async (tx) => {
    const inserted = await tx.execute<{ key: string }[]>(
      `insert into ${table} ("scope", "key", "request_hash") values (?, ?, ?) on conflict do nothing returning "key"`,
      [request.scope, request.key, request.requestHash],
    );
    if (inserted.length === 0) {
      const [row] = await tx.execute<{ request_hash: string; status: number; body: unknown }[]>(
        `select "request_hash", "status", "body" from ${table} where "scope" = ? and "key" = ?`,
        [request.scope, request.key],
      );
      if (row.request_hash !== request.requestHash) return { kind: 'mismatch' } as const;
      return { kind: 'replayed', response: { status: row.status, body: row.body } } as const;
    }
    const response = await operation(tx);
    await tx.execute(`update ${table} set "status" = ?, "body" = ? where "scope" = ? and "key" = ?`, [
      response.status,
      JSON.stringify(response.body ?? null),
      request.scope,
      request.key,
    ]);
    return { kind: 'fresh', response } as const;
  });
}

/** Deletes keys older than `olderThanMs`, in bounded batches; returns how many went. */
export async function purgeIdempotencyKeys(em: EntityManager, olderThanMs: number, batch = 1000): Promise<number> {
  const table = `"${em.config.get('schema')}"."idempotency_key"`;
  const rows = await em.execute<{ key: string }[]>(
    `delete from ${table} where ctid in (select ctid from ${table} where "created_at" < now() - (? || ' milliseconds')::interval limit ?) returning "key"`,
    [String(olderThanMs), batch],
  );
  return rows.length;
}
