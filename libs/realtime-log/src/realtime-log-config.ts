import { env, redisConfig } from '@qtable/config';
import { z } from 'zod';
import { InMemoryRealtimeLog } from './in-memory-realtime-log';
import type { RealtimeLog } from './realtime-log';
import { RedisRealtimeLog } from './redis/redis-realtime-log';

/** The realtime log's settings, read by every standalone process (the gateway writes it, services read snapshot heads). */
export const realtimeLogConfig = z.object({
  /** Set: the log is shared in Redis by every replica. Unset: in process memory (one replica only). */
  REDIS_URL: redisConfig.shape.REDIS_URL.optional(),
  REALTIME_LOG_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, dots, dashes or underscores')
    .default('qtable'),
  REALTIME_LOG_MAX_LEN: env.positiveInt(10_000, 'a number of messages kept per restaurant'),
  REALTIME_LOG_IDLE_TTL_SECONDS: env.positiveInt(7 * 24 * 3600, 'a number of seconds'),
});
export type RealtimeLogConfig = z.infer<typeof realtimeLogConfig>;

export type ClosableRealtimeLog = RealtimeLog & { close(): Promise<void> };

/** The Redis stream log when REDIS_URL is set, else the in-memory one. */
export function createRealtimeLog(config: RealtimeLogConfig): ClosableRealtimeLog {
  if (!config.REDIS_URL) return Object.assign(new InMemoryRealtimeLog({ retain: config.REALTIME_LOG_MAX_LEN }), { close: async () => undefined });
  return RedisRealtimeLog.connect(config.REDIS_URL, {
    prefix: config.REALTIME_LOG_PREFIX,
    maxLen: config.REALTIME_LOG_MAX_LEN,
    idleTtlSeconds: config.REALTIME_LOG_IDLE_TTL_SECONDS,
  });
}
