import { env } from '@qtable/config';
import { z } from 'zod';

/**
 * The gateway's own settings. Whether it runs clustered is not one of them: it follows the
 * realtime log the runtime gives it (Redis when REDIS_URL is set, see @qtable/realtime-log).
 */
export const gatewayConfigSchema = z.object({
  /** Browser origins allowed to open Socket.IO from another origin (the same list as the REST API's). */
  CORS_ORIGINS: env.list('a comma-separated list of allowed origins').default([]),
  /** Entries kept in the Socket.IO adapter's (global) Redis stream: the reach of connection state recovery. */
  SOCKET_IO_STREAM_MAX_LEN: env.positiveInt(10_000, 'a number of entries'),
  /** How long a cut Socket.IO session can be recovered by the adapter; beyond, clients resume with `since`. */
  SOCKET_IO_RECOVERY_SECONDS: env.positiveInt(120, 'a number of seconds'),
  /** Plain WebSocket ping interval; a client that missed the previous pong is dropped. */
  WS_HEARTBEAT_MS: env.positiveInt(25_000, 'a number of milliseconds'),
  /** A plain WebSocket client whose unsent data exceeds this is closed (1013) to resume with `since`. */
  WS_MAX_BUFFERED_BYTES: env.positiveInt(1024 * 1024, 'a number of bytes'),
  /**
   * Where a brand-new consumer group starts on the domain topics. Default false (latest):
   * replaying a topic's history to connected screens helps nobody. Tests on fresh topics set it.
   */
  FANOUT_FROM_BEGINNING: env.bool(false),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
