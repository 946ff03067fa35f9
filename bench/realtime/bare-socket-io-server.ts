/**
 * The baseline of the fan-out benchmark: a bare Socket.IO server configured like the gateway's
 * (websocket transport, connection state recovery, the same Redis Streams adapter on the same
 * Redis) but with no authentication, no realtime log and no delivery hooks. A child process
 * of realtime-bench.ts, so that it owns a core's event loop as a gateway replica does.
 *
 * Protocol with the parent (IPC): it sends `{ port }` once listening; on `{ type: 'emit', room,
 * message }` it emits `message.type` with `message` to the room and answers `{ type: 'emitted',
 * at }`, `at` being the wall-clock time (ms, sub-millisecond) just before the emit.
 */
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const redisUrl = process.env.REDIS_URL;
const prefix = process.env.BARE_PREFIX ?? `bench-bare-${process.pid}`;
if (!redisUrl) throw new Error('REDIS_URL is required');

const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
const io = new Server({
  serveClient: false,
  transports: ['websocket'],
  connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: false },
  adapter: createAdapter(redis, { streamName: `${prefix}:socket.io`, maxLen: 10_000, blockTimeInMs: 1000, onlyPlaintext: true }),
});
io.on('connection', (socket) => {
  const room = (socket.handshake.auth as { restaurantId?: unknown }).restaurantId;
  if (typeof room === 'string') void socket.join(`restaurant:${room}`);
});

const http = createServer();
io.attach(http);
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});

process.on('message', (request: { type: string; room: string; message: { type: string } }) => {
  if (request.type !== 'emit') return;
  const at = performance.timeOrigin + performance.now();
  io.to(request.room).emit(request.message.type, request.message);
  process.send?.({ type: 'emitted', at });
});

process.on('disconnect', () => {
  io.close();
  redis.disconnect();
  http.close();
  process.exit(0);
});
