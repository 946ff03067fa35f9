import { env } from '@qtable/config';
import { z } from 'zod';

/** The guests service's own settings (all optional; the defaults suit a casual dinner service). */
export const guestsConfigSchema = z.object({
  /** How long after marking a party no-show the host may undo it (back to waiting). */
  GUESTS_NO_SHOW_UNDO_MINUTES: env.positiveInt(10, 'a number of minutes'),
  /** How far back completed seatings count for turn times (wait quotes). */
  GUESTS_TURN_HISTORY_DAYS: env.positiveInt(14, 'a number of days'),
  /**
   * Shared secret of the service-to-service API (cross-service batch). Needed, with
   * FLOOR_INTERNAL_URL, for batches with table operations; without them such batches
   * answer 503 and pure guest batches work as ever.
   */
  INTERNAL_API_TOKEN: z.string().min(32, 'expected at least 32 characters').max(512).optional(),
  /** Where guests reaches floor's internal API (prepare a batch's table operations). */
  FLOOR_INTERNAL_URL: env.url(['http', 'https'], 'an http(s) URL').optional(),
  /** How long a batch waits for floor to prepare before answering 503 dependency_unavailable. */
  GUESTS_FLOOR_PREPARE_TIMEOUT_MS: env.positiveInt(5_000, 'a number of milliseconds'),
});
export type GuestsConfig = z.infer<typeof guestsConfigSchema>;
