import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@qtable/observability';

/** What the floor's routes, operations and projections use, built once in service.ts. */
export interface FloorDeps {
  logger: Logger;
  /** A fresh EntityManager per unit of work (the global one is disabled). */
  em(): EntityManager;
  /** Tells the outbox relay that a commit recorded events. */
  outboxCommitted(): void;
}

/** What the cross-service batch (prepare, apply, presumed abort) needs besides FloorDeps. */
export interface FloorBatchDeps extends FloorDeps {
  /** The shared secret of the internal API; undefined: internal calls are refused. */
  internalToken: string | undefined;
  /** Guests' internal base URL, read at call time (tests and the embedded host know it only after listening). */
  guestsUrl(): string | undefined;
  /** How long a prepared batch may wait for its decision before floor asks guests. */
  decisionTimeoutMs: number;
}
