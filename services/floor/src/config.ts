import { env } from '@qtable/config';
import { z } from 'zod';

/** The floor service's own settings. */
export const floorConfigSchema = z.object({
  /** How often expired reservation holds are released (a hold whose TABLES_RELEASED never came). */
  FLOOR_HOLD_SWEEP_INTERVAL_MS: env.positiveInt(30_000, 'a number of milliseconds'),
});
export type FloorConfig = z.infer<typeof floorConfigSchema>;
