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
