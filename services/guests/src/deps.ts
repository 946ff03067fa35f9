import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrm } from '@qtable/db';
import type { Logger } from '@qtable/observability';
import type { RealtimeLog } from '@qtable/realtime-log';
import type { Counter } from 'prom-client';
import type { GuestsConfig } from './config';
import type { TurnTimeCache } from './operations/turn-time-cache';

/** Everything the guests routes, operations and subscribers use, built once in service.ts. */
export interface GuestsDeps {
  config: GuestsConfig;
  logger: Logger;
  /** A fresh EntityManager per unit of work (the global one is disabled). */
  em(): EntityManager;
  realtimeLog: RealtimeLog;
  counters: {
    /** Seating attempts by outcome (seated, table_occupied, …): the race shows here. */
    seatings: Counter<'outcome'>;
    /** Seatings refused by the database's unique index (a race the pre-check did not see). */
    seatingConstraintConflicts: Counter;
    /** Floor events applied to (or skipped by) the table projection. */
    tableProjection: Counter<'outcome'>;
  };
  /** Turn times per restaurant for wait quotes, read at most once a minute. */
  turnTimes: TurnTimeCache;
  /** Tells the outbox relay that a commit recorded events. */
  outboxCommitted(): void;
  /** Clock, for tests of time windows. */
  now(): Date;
  /**
   * Test seam: awaited after the seating checks and before the seating rows are inserted,
   * so a test can hold concurrent transactions there and prove that the unique index, not
   * the check, is what keeps a table to one party. Absent in production.
   */
  beforeOccupy?: () => Promise<void>;
  /** Floor's internal base URL, read at call time (tests and the embedded host know it only after listening). */
  floorUrl(): string | undefined;
  /**
   * Test seam: awaited after floor prepared a batch's table operations and before guests
   * commits. An error thrown here is treated as a crash of guests at that point: nothing
   * more is done for the batch (no decision), which floor's sweeper must then resolve.
   * Absent in production.
   */
  afterPrepare?: (batchId: string) => Promise<void>;
}

export const emOf = (orm: ServiceOrm) => (): EntityManager => orm.em.fork();
