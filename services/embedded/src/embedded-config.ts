import { baseConfig } from '@qtable/config';
import { z } from 'zod';

/** Settings of the one-process mode; services' own settings are read from the same environment. */
export const embeddedConfig = baseConfig.extend({
  QTABLE_DATA_DIR: z.string().default('./data'),
  ADMIN_EMAIL: z.email({ error: 'expected an email address' }).default('admin@qtable.local'),
  ADMIN_PASSWORD: z.string().min(8, 'expected at least 8 characters').max(128).optional(),
});
export type EmbeddedConfig = z.infer<typeof embeddedConfig>;
