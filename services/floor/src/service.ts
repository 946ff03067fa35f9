import { defineService, type ServiceContext, type ServiceInstance } from '@qtable/runtime';
import { batchDecisionsSubscription } from './batch/batch-decisions';
import { sweepUndecidedBatches } from './batch/batch-sweeper';
import { floorConfigSchema, type FloorConfig } from './config';
import type { FloorBatchDeps } from './deps';
import { floorEntities } from './entities';
import { floorMigrations } from './migrations';
import { releaseExpiredHolds } from './projections/hold-expiry';
import { holdsSubscription } from './projections/holds-projection';
import { occupancySubscription } from './projections/occupancy-projection';
import { internalRouter } from './routes/internal/router';
import { sectionsRouter } from './routes/sections/router';
import { tablesRouter } from './routes/tables/router';

/**
 * The floor plan (sections, tables, which are combinable, which are out of service) and the
 * live status of every table, derived from its own facts and its projections of guests'
 * seating and reservations' holds (docs/architecture.md, "Floor service"). Participates in
 * guests' cross-service batches (docs/batch.md): prepares, then applies on the decision.
 */
export const floorService = defineService({
  name: 'floor',
  entities: floorEntities,
  migrations: floorMigrations,
  configSchema: floorConfigSchema,
  create: (ctx) => createFloorInstance(ctx),
});

/** Builds the service from its context; tests may resolve guests' internal URL lazily (known only after the test system listens). */
export function createFloorInstance(ctx: ServiceContext<FloorConfig>, overrides: Partial<Pick<FloorBatchDeps, 'guestsUrl'>> = {}): ServiceInstance {
  const deps: FloorBatchDeps = {
    logger: ctx.logger,
    em: () => ctx.orm.em.fork(),
    outboxCommitted: () => ctx.outboxCommitted(),
    internalToken: ctx.config.INTERNAL_API_TOKEN,
    guestsUrl: () => ctx.config.GUESTS_INTERNAL_URL,
    decisionTimeoutMs: ctx.config.FLOOR_BATCH_DECISION_TIMEOUT_MS,
    ...overrides,
  };
  const timers: NodeJS.Timeout[] = [];
  let sweeping: Promise<unknown> = Promise.resolve();
  let batchSweeping: Promise<unknown> | undefined;
  const sweepHolds = () => {
    sweeping = releaseExpiredHolds(deps).catch((err: unknown) => ctx.logger.warn({ err }, 'releasing expired table holds failed'));
  };
  const sweepBatches = () => {
    // One sweep at a time: a slow guests must not pile up concurrent askers.
    if (batchSweeping) return;
    batchSweeping = sweepUndecidedBatches(deps)
      .catch((err: unknown) => ctx.logger.warn({ err }, 'resolving undecided batches failed'))
      .finally(() => (batchSweeping = undefined));
  };
  return {
    apiRouters: [tablesRouter(deps, ctx.authenticator), sectionsRouter(deps, ctx.authenticator), internalRouter(deps, ctx.authenticator)],
    async start() {
      await ctx.bus.subscribe(occupancySubscription(deps));
      await ctx.bus.subscribe(holdsSubscription(deps));
      await ctx.bus.subscribe(batchDecisionsSubscription(ctx.orm, deps));
      timers.push(setInterval(sweepHolds, ctx.config.FLOOR_HOLD_SWEEP_INTERVAL_MS).unref());
      timers.push(setInterval(sweepBatches, ctx.config.FLOOR_BATCH_SWEEP_INTERVAL_MS).unref());
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      // The ORM closes after stop(): let running sweeps finish first.
      await Promise.all([sweeping, batchSweeping]);
    },
  };
}
