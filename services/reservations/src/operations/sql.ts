import type { EntityManager } from '@mikro-orm/postgresql';

/** A schema-qualified table name for raw SQL: search_path is not set at runtime. */
export const tableOf = (em: EntityManager, table: string) => `"${em.config.get('schema')}"."${table}"`;

/** SQLSTATE of a failed statement (MikroORM wraps driver errors but keeps the code). */
export const sqlState = (err: unknown): string | undefined => (err as { code?: string } | null)?.code;

/** The no-overlap exclusion constraint refused a row: the table is booked then. */
export const isExclusionViolation = (err: unknown) => sqlState(err) === '23P01';
/** Two bookings waited on each other's rows; PostgreSQL aborted one of them. */
export const isDeadlock = (err: unknown) => sqlState(err) === '40P01';
