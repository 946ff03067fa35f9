import { env } from '@qtable/config';
import { z } from 'zod';

/** The floor service's own settings. */
export const floorConfigSchema = z.object({
  /** How often expired reservation holds are released (a hold whose TABLES_RELEASED never came). */
  FLOOR_HOLD_SWEEP_INTERVAL_MS: env.positiveInt(30_000, 'a number of milliseconds'),
  /**
   * Shared secret of the service-to-service API (cross-service batch). Without it the
   * internal endpoints refuse every call, so batches with table operations cannot prepare.
   */
  INTERNAL_API_TOKEN: z.string().min(32, 'expected at least 32 characters').max(512).optional(),
  /** Where floor reaches guests' internal API (asking the decision of an undecided batch). */
  GUESTS_INTERNAL_URL: env.url(['http', 'https'], 'an http(s) URL').optional(),
  /** A prepared batch without a decision after this long is resolved by asking guests (presumed abort). */
  FLOOR_BATCH_DECISION_TIMEOUT_MS: env.positiveInt(30_000, 'a number of milliseconds'),
  /** How often prepared batches are checked for that timeout. */
  FLOOR_BATCH_SWEEP_INTERVAL_MS: env.positiveInt(5_000, 'a number of milliseconds'),
});
export type FloorConfig = z.infer<typeof floorConfigSchema>;
