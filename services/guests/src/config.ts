import { env } from '@qtable/config';
import { z } from 'zod';

/** The guests service's own settings (all optional; the defaults suit a casual dinner service). */
export const guestsConfigSchema = z.object({
  /** How long after marking a party no-show the host may undo it (back to waiting). */
  GUESTS_NO_SHOW_UNDO_MINUTES: env.positiveInt(10, 'a number of minutes'),
  /** How far back completed seatings count for turn times (wait quotes). */
  GUESTS_TURN_HISTORY_DAYS: env.positiveInt(14, 'a number of days'),
});
export type GuestsConfig = z.infer<typeof guestsConfigSchema>;
