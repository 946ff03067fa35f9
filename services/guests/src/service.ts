import { defineService, type ServiceContext, type ServiceInstance } from '@qtable/runtime';
import { guestsConfigSchema, type GuestsConfig } from './config';
import { emOf, type GuestsDeps } from './deps';
import { TurnTimeCache } from './operations/turn-time-cache';
import { guestsEntities } from './entities';
import { guestsMigrations } from './migrations';
import { subscribeBatchCompletion } from './cross-batch/batch-completion';
import { batchRouter } from './routes/batch/router';
import { dashboardRouter } from './routes/dashboard/router';
import { guestsRouter } from './routes/guests/router';
import { internalRouter } from './routes/internal/router';
import { subscribeFloorTables } from './subscribers/floor-tables';
import { subscribeRestaurantZones } from './subscribers/restaurant-zones';

/**
 * The waitlist and occupancy: parties, their order and quotes, and who sits at which
 * table (one party per table, enforced by the database). Learns the floor's tables from
 * floor's events and restaurants' time zones from auth's (the dashboard's local "today");
 * publishes guest.* and batch.completed on guests.events.
 */
export const guestsService = defineService({
  name: 'guests',
  entities: guestsEntities,
  migrations: guestsMigrations,
  configSchema: guestsConfigSchema,
  create: (ctx) => createGuestsInstance(ctx),
});

/** Overridable by tests: the clock, the seams, floor's URL (known only after the test system listens). */
export type GuestsOverrides = Partial<Pick<GuestsDeps, 'now' | 'beforeOccupy' | 'afterPrepare' | 'floorUrl'>>;

/** Builds the service from its context; tests may override the clock, add seams, or resolve floor's URL lazily. */
export function createGuestsInstance(ctx: ServiceContext<GuestsConfig>, overrides: GuestsOverrides = {}): ServiceInstance {
  const deps: GuestsDeps = {
    config: ctx.config,
    logger: ctx.logger,
    em: emOf(ctx.orm),
    realtimeLog: ctx.realtimeLog,
    counters: {
      seatings: ctx.metrics.counter('guests_seatings_total', 'Seating attempts by outcome (seated or the refusal code)', ['outcome']),
      seatingConstraintConflicts: ctx.metrics.counter('guests_seating_constraint_conflicts_total', 'Seatings refused by the one-party-per-table unique index'),
      tableProjection: ctx.metrics.counter('guests_table_projection_events_total', 'Floor table events by outcome (applied, stale, malformed)', ['outcome']),
    },
    turnTimes: new TurnTimeCache(ctx.config.GUESTS_TURN_HISTORY_DAYS),
    outboxCommitted: () => ctx.outboxCommitted(),
    now: () => new Date(),
    floorUrl: () => ctx.config.FLOOR_INTERNAL_URL,
    ...overrides,
  };
  return {
    apiRouters: [guestsRouter(deps, ctx.authenticator), batchRouter(deps, ctx.authenticator), dashboardRouter(deps, ctx.authenticator), internalRouter(deps, ctx.authenticator)],
    async start() {
      await subscribeFloorTables(ctx.bus, ctx.orm, deps);
      await subscribeRestaurantZones(ctx.bus, ctx.orm, deps);
      await subscribeBatchCompletion(ctx.bus, ctx.orm, deps);
    },
  };
}
