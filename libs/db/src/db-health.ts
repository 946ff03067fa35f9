import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { ServiceOrm } from './create-service-orm';

/** For readiness: throws when the database does not answer. */
export async function checkDatabase(orm: ServiceOrm): Promise<void> {
  await orm.em.fork().execute('select 1');
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof UniqueConstraintViolationException;
}
