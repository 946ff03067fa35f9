import { defineService } from '@qtable/runtime';
import { systemClock, type Clock } from './clock';
import { reservationsConfigSchema } from './config';
import type { ReservationsDeps } from './deps';
import { reservationsEntities } from './entities';
import { reservationsMigrations } from './migrations';
import { availabilityRouter } from './routes/availability/router';
import { bookingSettingsRouter } from './routes/booking-settings/router';
import { reservationsRouter } from './routes/reservations/router';
import { subscribeFloorTables } from './subscribers/floor-tables';
import { subscribeGuestSeating } from './subscribers/guest-seating';
import { subscribeRestaurants } from './subscribers/restaurants';
import { ReservationSweeper } from './sweeper/reservation-sweeper';

export { ManualClock, type Clock } from './clock';

/** Builds the service with its clock; tests pass a ManualClock to drive holds and no-shows. */
export function createReservationsService(options: { clock?: Clock } = {}) {
  const clock = options.clock ?? systemClock;
  return defineService({
    name: 'reservations',
    entities: reservationsEntities,
    migrations: reservationsMigrations,
    configSchema: reservationsConfigSchema,
    create(ctx) {
      const deps: ReservationsDeps = {
        logger: ctx.logger,
        clock,
        em: () => ctx.orm.em.fork(),
        outboxCommitted: () => ctx.outboxCommitted(),
        metrics: {
          bookings: ctx.metrics.counter('reservations_booking_attempts_total', 'Booking attempts by outcome', ['outcome']),
          tableConflicts: ctx.metrics.counter('reservations_table_conflicts_total', 'Tables lost to a concurrent booking while picking (exclusion constraint)'),
          availabilitySeconds: ctx.metrics.histogram('reservations_availability_seconds', 'Availability search duration', [], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]),
        },
      };
      const sweeper = new ReservationSweeper({
        orm: ctx.orm,
        clock,
        logger: ctx.logger.child({ component: 'sweeper' }),
        outboxCommitted: deps.outboxCommitted,
        batchSize: ctx.config.RESERVATIONS_SWEEP_BATCH,
      });
      const consumer = { orm: ctx.orm, bus: ctx.bus, logger: ctx.logger, clock, outboxCommitted: deps.outboxCommitted };
      return {
        apiRouters: [reservationsRouter(deps, ctx.authenticator), availabilityRouter(deps, ctx.authenticator), bookingSettingsRouter(deps, ctx.authenticator)],
        async start() {
          await subscribeRestaurants(consumer);
          await subscribeFloorTables(consumer);
          await subscribeGuestSeating(consumer);
          sweeper.start(ctx.config.RESERVATIONS_SWEEP_INTERVAL_MS);
        },
        async stop() {
          await sweeper.stop();
        },
      };
    },
  });
}

/**
 * Bookings: availability, booking without double-booking (an exclusion constraint over
 * table and time), turn times, pacing, holds and no-shows. Learns restaurants from auth,
 * tables from floor and seatings from guests, only through their events.
 */
export const reservationsService = createReservationsService();
