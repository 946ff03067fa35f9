import { env } from '@qtable/config';
import { z } from 'zod';

/** The reservations service's own settings. */
export const reservationsConfigSchema = z.object({
  /** How often each replica looks for holds to start or end and bookings that became no-shows. */
  RESERVATIONS_SWEEP_INTERVAL_MS: env.positiveInt(15_000, 'a number of milliseconds'),
  /** Reservations one sweep transaction handles at most (rows are locked while it runs). */
  RESERVATIONS_SWEEP_BATCH: env.positiveInt(100),
});
export type ReservationsConfig = z.infer<typeof reservationsConfigSchema>;
