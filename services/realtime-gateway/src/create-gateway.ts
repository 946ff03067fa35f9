import type { Server } from 'node:http';
import { Topics } from '@qtable/contracts';
import { RedisRealtimeLog } from '@qtable/realtime-log';
import type { ServiceContext, ServiceInstance } from '@qtable/runtime';
import type { GatewayConfig } from './config';
import { FANOUT_SUBSCRIPTION_ID, FanoutHandler } from './fanout/fanout-handler';
import { LocalCursors } from './fanout/local-cursors';
import { createGatewayMetrics } from './gateway-metrics';
import { resyncRequired } from './messages/to-realtime-message';
import { RedisHealth } from './redis/redis-health';
import { RedisLogFollower } from './redis/redis-log-follower';
import { syncRouter } from './routes/sync-router';
import { handleSocketIoConnections } from './socket-io/socket-io-connections';
import { SocketIoServer } from './socket-io/socket-io-server';
import { WsEndpoint } from './websocket/ws-endpoint';
import { WsHub } from './websocket/ws-hub';

/**
 * Wires the gateway. Clustered when the runtime's realtime log is the Redis one (REDIS_URL):
 * shared log and cursors, the Socket.IO Redis Streams adapter, a log follower for WebSocket
 * clients. Otherwise everything is in process (embedded mode: one replica).
 */
export function createGateway(ctx: ServiceContext<GatewayConfig>): ServiceInstance {
  const { config, logger } = ctx;
  const metrics = createGatewayMetrics(ctx.metrics);
  const redisLog = ctx.realtimeLog instanceof RedisRealtimeLog ? ctx.realtimeLog : undefined;
  const health = redisLog && new RedisHealth(redisLog.redis, logger, metrics);
  const localCursors = new LocalCursors();
  // The follower delivers to the hub, which follows restaurants through the follower.
  const follower =
    redisLog &&
    new RedisLogFollower(
      redisLog,
      {
        entry: (restaurantId, entry) => hub.deliver(restaurantId, entry.kind === 'gap' ? resyncRequired(restaurantId, entry.cursor) : entry.message),
        lateStart: (restaurantId, head) => hub.deliver(restaurantId, resyncRequired(restaurantId, head)),
      },
      logger.child({ component: 'log-follower' }),
    );
  const hub = new WsHub(metrics, follower);
  const sio = new SocketIoServer({
    corsOrigins: config.CORS_ORIGINS,
    recoverySeconds: config.SOCKET_IO_RECOVERY_SECONDS,
    metrics,
    ...(redisLog ? { cluster: { redis: redisLog.redis, prefix: redisLog.prefix, streamMaxLen: config.SOCKET_IO_STREAM_MAX_LEN } } : {}),
  });
  const clusterUp = () => health?.up ?? true;
  handleSocketIoConnections({ sio, log: ctx.realtimeLog, authenticator: ctx.authenticator, metrics, logger, localCursors, clusterUp });
  const ws = new WsEndpoint({
    hub,
    log: ctx.realtimeLog,
    authenticator: ctx.authenticator,
    metrics,
    logger: logger.child({ component: 'websocket' }),
    localCursors,
    heartbeatMs: config.WS_HEARTBEAT_MS,
    maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
  });
  const fanout = new FanoutHandler({
    log: ctx.realtimeLog,
    ...(redisLog && health
      ? { cluster: { log: redisLog, health } }
      : {}),
    sio,
    hub,
    metrics,
    logger: logger.child({ component: 'fanout' }),
    localCursors,
  });

  return {
    apiRouters: [syncRouter(ctx.realtimeLog, ctx.authenticator)],
    // Optional: without Redis this replica still serves its own clients (status "degraded").
    readiness: health ? [{ name: 'redis', optional: true, check: () => health.check() }] : [],
    async start() {
      if (health && !(await health.waitUntilUp(5000))) logger.warn('starting without redis: local delivery only until it is reachable');
      health?.onChange((up) => {
        if (!up) return;
        void follower?.resume();
        void fanout.onRedisBack();
      });
      follower?.start();
      await ctx.bus.subscribe({
        id: FANOUT_SUBSCRIPTION_ID,
        topics: [Topics.AUTH, Topics.FLOOR, Topics.GUESTS, Topics.RESERVATIONS],
        fromBeginning: config.FANOUT_FROM_BEGINNING,
        onEvent: fanout.onEvent,
      });
    },
    attachServer(server: Server) {
      sio.io.attach(server);
      ws.attach(server);
      // Open sockets would keep server.close() waiting forever: when the runtime stops
      // taking requests, realtime clients are dropped too (they reconnect to another replica).
      const close = server.close.bind(server);
      server.close = ((callback?: (err?: Error) => void) => {
        ws.closeAll();
        sio.disconnectAll();
        return close(callback);
      }) as typeof server.close;
    },
    async stop() {
      await fanout.stop();
      ws.closeAll();
      await sio.close();
      await follower?.stop();
      health?.stop();
    },
  };
}
