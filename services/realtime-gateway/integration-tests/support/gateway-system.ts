import { RedisRealtimeLog } from '@qtable/realtime-log';
import { startTestSystem, type TestSystem } from '@qtable/runtime/testing';
import { requireEnv } from '@qtable/testing';
import { realtimeGatewayService } from '../../src/service';

export interface GatewayUnderTest {
  system: TestSystem;
  url: string;
  /** Set when the gateway runs clustered on Redis. */
  redisLog?: RedisRealtimeLog;
  close(): Promise<void>;
}

/**
 * One gateway replica as production builds it (startTestSystem). With `redisPrefix` it is
 * clustered on the real Redis; replicas given the same prefix (and the same Kafka
 * `topicPrefix`) form one deployment.
 */
export async function startGateway(options: { bus?: 'memory' | 'kafka'; topicPrefix?: string; redisPrefix?: string; env?: Record<string, string> } = {}): Promise<GatewayUnderTest> {
  const redisLog = options.redisPrefix ? RedisRealtimeLog.connect(requireEnv('REDIS_URL'), { prefix: options.redisPrefix }) : undefined;
  let system: TestSystem;
  try {
    system = await startTestSystem({
      services: [realtimeGatewayService],
      bus: options.bus ?? 'memory',
      ...(options.topicPrefix ? { topicPrefix: options.topicPrefix } : {}),
      ...(redisLog ? { realtimeLog: redisLog } : {}),
      // Fresh topics: start at their beginning, so nothing published while the group forms is skipped.
      env: { FANOUT_FROM_BEGINNING: 'true', ...options.env },
    });
  } catch (err) {
    await redisLog?.close();
    throw err;
  }
  return {
    system,
    url: system.url,
    redisLog,
    async close() {
      await system.close();
      if (redisLog) {
        await deleteKeys(redisLog, `${redisLog.prefix}:*`).catch(() => undefined);
        await redisLog.close();
      }
    },
  };
}

/** Test keys do not outlive the test (the adapter's stream has no TTL). */
export async function deleteKeys(log: RedisRealtimeLog, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await log.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) await log.redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
