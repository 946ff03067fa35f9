import { OptimisticLockError } from '@mikro-orm/core';
import { staleVersion } from '@qtable/http';

/**
 * Writes lock their rows before checking versions, so MikroORM's own version check (in the
 * UPDATE's WHERE) should never fire; if it does, answer like any stale write: 409 with the
 * current state, never a bare error.
 */
export async function staleFromLockError<T>(current: () => Promise<{ version: number }>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof OptimisticLockError) throw staleVersion(await current());
    throw err;
  }
}
