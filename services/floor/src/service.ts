import { defineService } from '@qtable/runtime';
import { floorConfigSchema } from './config';
import type { FloorDeps } from './deps';
import { floorEntities } from './entities';
import { floorMigrations } from './migrations';
import { releaseExpiredHolds } from './projections/hold-expiry';
import { holdsSubscription } from './projections/holds-projection';
import { occupancySubscription } from './projections/occupancy-projection';
import { sectionsRouter } from './routes/sections/router';
import { tablesRouter } from './routes/tables/router';

/**
 * The floor plan (sections, tables, which are combinable, which are out of service) and the
 * live status of every table, derived from its own facts and its projections of guests'
 * seating and reservations' holds (docs/architecture.md, "Floor service").
 */
export const floorService = defineService({
  name: 'floor',
  entities: floorEntities,
  migrations: floorMigrations,
  configSchema: floorConfigSchema,
  create(ctx) {
    const deps: FloorDeps = { logger: ctx.logger, em: () => ctx.orm.em.fork(), outboxCommitted: () => ctx.outboxCommitted() };
    let sweepTimer: NodeJS.Timeout | undefined;
    let sweeping: Promise<unknown> = Promise.resolve();
    const sweep = () => {
      sweeping = releaseExpiredHolds(deps).catch((err: unknown) => ctx.logger.warn({ err }, 'releasing expired table holds failed'));
    };
    return {
      apiRouters: [tablesRouter(deps, ctx.authenticator), sectionsRouter(deps, ctx.authenticator)],
      async start() {
        await ctx.bus.subscribe(occupancySubscription(deps));
        await ctx.bus.subscribe(holdsSubscription(deps));
        sweepTimer = setInterval(sweep, ctx.config.FLOOR_HOLD_SWEEP_INTERVAL_MS).unref();
      },
      async stop() {
        clearInterval(sweepTimer);
        // The ORM closes after stop(): let a running sweep finish first.
        await sweeping;
      },
    };
  },
});
