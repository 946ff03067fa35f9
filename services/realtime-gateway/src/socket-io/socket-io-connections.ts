import type { JwtAuthenticator } from '@qtable/http';
import type { Logger } from '@qtable/observability';
import type { RealtimeLog } from '@qtable/realtime-log';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { bearerToken, canRead, onTokenExpiry, verifySocketToken, type SocketCredentials } from '../auth/socket-credentials';
import { replaySince } from '../catch-up/replay-since';
import type { LocalCursors } from '../fanout/local-cursors';
import type { GatewayMetrics } from '../gateway-metrics';
import { resyncRequired } from '../messages/to-realtime-message';
import { restaurantOfRoom, roomOf, type SocketIoServer } from './socket-io-server';

export interface SocketIoConnectionDeps {
  sio: SocketIoServer;
  log: RealtimeLog;
  authenticator: JwtAuthenticator;
  metrics: GatewayMetrics;
  logger: Logger;
  localCursors: LocalCursors;
  /** False while Redis is away: emits stay on this replica. */
  clusterUp(): boolean;
}

const joinRequest = z.strictObject({ restaurantId: z.string().min(1).max(64), since: z.string().min(1).max(64).optional() });
const handshakeField = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : undefined);

function connectError(code: string, message: string): Error {
  return Object.assign(new Error(code), { data: { code, message } });
}

/**
 * Socket.IO clients: a JWT in the handshake (`auth.token`, or an Authorization header)
 * checked like the REST API's; restaurant rooms joined only for the token's memberships —
 * from the handshake (`auth.restaurantId` or query `restaurant_id`, optional `auth.since`)
 * or with `join` {restaurantId, since?} and an ack ({ok} or {error:'not_found'}). A socket
 * recovered by the adapter keeps its rooms (re-checked against the new token); otherwise
 * `since` replays from the log, or sends `resync_required`. Disconnected when the token expires.
 */
export function handleSocketIoConnections(deps: SocketIoConnectionDeps): void {
  const { sio, metrics } = deps;
  const joins = new WeakMap<Socket, Promise<unknown>>();

  sio.io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const token = typeof auth.token === 'string' ? auth.token : bearerToken(socket.handshake.headers.authorization);
    const credentials = verifySocketToken(deps.authenticator, token);
    if (!credentials) return next(connectError('unauthorized', 'Missing, invalid or expired access token'));
    const restaurantId = handshakeField(auth.restaurantId) ?? handshakeField(socket.handshake.query.restaurant_id);
    if (restaurantId !== undefined && !canRead(credentials.principal, restaurantId)) return next(connectError('not_found', 'Restaurant not found'));
    socket.data.credentials = credentials;
    next();
  });

  // Joins of one socket run one after another: each may hold the socket's live packets.
  const serially = (socket: Socket, task: () => Promise<unknown>) => {
    const run = (joins.get(socket) ?? Promise.resolve()).then(task, task);
    joins.set(socket, run.catch(() => undefined));
    return run;
  };

  sio.io.on('connection', (socket) => {
    const { principal, expiresAt } = socket.data.credentials as SocketCredentials;
    metrics.connections.inc({ protocol: 'socketio' });
    const expiry = onTokenExpiry(expiresAt, () => {
      void emitTo(socket, [{ type: 'token_expired' }]).finally(() => socket.disconnect(true));
    });
    socket.on('disconnect', () => {
      clearTimeout(expiry);
      sio.gates.drop(socket.id);
      metrics.connections.dec({ protocol: 'socketio' });
    });

    if (socket.recovered) {
      // Rooms came back from the session; the new token decides whether they still may.
      for (const room of socket.rooms) {
        const restaurantId = restaurantOfRoom(room);
        if (restaurantId && !canRead(principal, restaurantId)) void socket.leave(room);
      }
      metrics.replays.inc({ protocol: 'socketio', outcome: 'recovered' });
    } else {
      const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
      const restaurantId = handshakeField(auth.restaurantId) ?? handshakeField(socket.handshake.query.restaurant_id);
      if (restaurantId) {
        serially(socket, () => join(socket, restaurantId, handshakeField(auth.since))).catch((err: unknown) =>
          deps.logger.warn({ err }, 'socket.io handshake join failed'),
        );
      }
    }

    socket.on('join', (payload: unknown, ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (body: unknown) => void) : () => undefined;
      const request = joinRequest.safeParse(payload);
      if (!request.success) return reply({ error: 'invalid_request' });
      if (!canRead(principal, request.data.restaurantId)) return reply({ error: 'not_found' });
      serially(socket, () => join(socket, request.data.restaurantId, request.data.since)).then(
        () => reply({ ok: true }),
        (err: unknown) => {
          deps.logger.warn({ err }, 'socket.io join failed');
          reply({ error: 'unavailable' });
        },
      );
    });
    socket.on('leave', (payload: unknown, ack?: unknown) => {
      const request = joinRequest.safeParse(payload);
      if (request.success) void socket.leave(roomOf(request.data.restaurantId));
      if (typeof ack === 'function') (ack as (body: unknown) => void)(request.success ? { ok: true } : { error: 'invalid_request' });
    });
  });

  /** To this socket only, through the adapter (so a later recovery replays it too), in order. */
  async function emitTo(socket: Socket, messages: { type: string }[]): Promise<void> {
    const localOnly = !deps.clusterUp();
    await Promise.all(messages.map((message) => sio.broadcast(socket.id, message, localOnly)));
  }

  async function join(socket: Socket, restaurantId: string, since: string | undefined): Promise<void> {
    if (since === undefined) return void socket.join(roomOf(restaurantId));
    // Hold live packets first, then join, then read: a message is either in the replay or
    // held (or both: then the release drops it), never in neither.
    sio.gates.hold(socket.id);
    void socket.join(roomOf(restaurantId));
    const outcome = await replaySince(deps.log, restaurantId, since, (messages) => emitTo(socket, messages));
    metrics.replays.inc({ protocol: 'socketio', outcome: outcome.status });
    if (outcome.status === 'replayed') return sio.gates.release(socket.id, outcome.upTo);
    const head = outcome.status === 'expired' ? outcome.head : undefined;
    await emitTo(socket, [resyncRequired(restaurantId, head ?? deps.localCursors.current())]).finally(() => sio.gates.release(socket.id, head));
  }
}
