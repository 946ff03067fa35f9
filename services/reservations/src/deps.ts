import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@qtable/observability';
import type { Counter, Histogram } from 'prom-client';
import type { Clock } from './clock';

/** What the reservations routes, operations, subscribers and sweeper use, built once in service.ts. */
export interface ReservationsDeps {
  logger: Logger;
  clock: Clock;
  /** A fresh EntityManager per unit of work (the global one is disabled). */
  em(): EntityManager;
  /** Tells the outbox relay that a commit recorded events. */
  outboxCommitted(): void;
  metrics: {
    /** Booking attempts by outcome: booked, slot_unavailable, rejected. */
    bookings: Counter<'outcome'>;
    /** Exclusion-constraint conflicts met while picking tables (concurrent bookings of one table). */
    tableConflicts: Counter<never>;
    availabilitySeconds: Histogram<never>;
  };
}
