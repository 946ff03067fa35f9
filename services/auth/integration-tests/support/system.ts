import type { TestSystem } from '@qtable/runtime/testing';
import { uniqueName } from '@qtable/testing';

/** Settings of a single-replica auth test system: its own Redis keys, no address limit (every request is from 127.0.0.1). */
export const AUTH_TEST_ENV = (): Record<string, string> => ({
  RATE_LIMIT_KEY_PREFIX: uniqueName('qtable-test:auth'),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
});

const authOrm = (system: TestSystem) => system.running.services.find((s) => s.name === 'auth')!.orm;

/** Raw SQL against the auth schema, for assertions on what was (not) written. */
export const sqlOf =
  (system: TestSystem) =>
  <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
    authOrm(system).em.fork().execute<T[]>(query, params);

export const countRows = (system: TestSystem) => async (table: string, where = 'true', params: unknown[] = []) => {
  const [row] = await sqlOf(system)<{ n: string }>(`select count(*) as n from "auth"."${table}" where ${where}`, params);
  return Number(row.n);
};
