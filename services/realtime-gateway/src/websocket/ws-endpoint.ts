import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { JwtAuthenticator } from '@qtable/http';
import type { Logger } from '@qtable/observability';
import type { RealtimeLog } from '@qtable/realtime-log';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken, canRead, onTokenExpiry, verifySocketToken, type SocketCredentials } from '../auth/socket-credentials';
import { replaySince } from '../catch-up/replay-since';
import type { LocalCursors } from '../fanout/local-cursors';
import type { GatewayMetrics } from '../gateway-metrics';
import { resyncRequired } from '../messages/to-realtime-message';
import { CloseCodes, WsConnection } from './ws-connection';
import type { WsHub } from './ws-hub';

export interface WsEndpointDeps {
  hub: WsHub;
  log: RealtimeLog;
  authenticator: JwtAuthenticator;
  metrics: GatewayMetrics;
  logger: Logger;
  localCursors: LocalCursors;
  heartbeatMs: number;
  maxBufferedBytes: number;
}

/** The plain WebSocket path of the iOS app (the seed's). */
export const WEBSOCKET_PATH = '/realtime';

function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${status === 401 ? 'WWW-Authenticate: Bearer\r\n' : ''}Connection: close\r\n\r\n${body}`,
  );
}

/**
 * `GET /realtime?restaurant_id=…[&since=…]` upgraded to a WebSocket on the HTTP server's
 * port (Socket.IO keeps `/socket.io/`). The upgrade is refused before any socket exists:
 * 400 without restaurant_id, 401 without a valid token (Authorization: Bearer, or `token`),
 * 404 for a restaurant the token is not a member of (as REST: other tenants are not revealed).
 * Then: JSON text frames in the seed's message shape; `since` replays what the log holds
 * after it before live messages (or sends resync_required); ping every `heartbeatMs`,
 * terminated after a missed pong; closed with 4001 `token_expired` when the token expires.
 */
export class WsEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false, clientTracking: false });
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly deps: WsEndpointDeps) {}

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    this.heartbeat = setInterval(() => this.beat(), this.deps.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Closes every client (going away: they reconnect to another replica with `since`). */
  closeAll(): void {
    clearInterval(this.heartbeat);
    for (const connection of this.deps.hub.connections()) connection.close(CloseCodes.GOING_AWAY, 'server_shutdown');
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname.startsWith('/socket.io/')) return; // Socket.IO's own upgrade listener
    if (url.pathname !== WEBSOCKET_PATH) return refuseUpgrade(socket, 404, 'not_found', 'No WebSocket endpoint at this path');
    const restaurantId = url.searchParams.get('restaurant_id');
    if (!restaurantId || restaurantId.length > 64) return refuseUpgrade(socket, 400, 'validation_failed', 'restaurant_id is required');
    const token = bearerToken(req.headers.authorization) ?? url.searchParams.get('token') ?? undefined;
    const credentials = verifySocketToken(this.deps.authenticator, token);
    if (!credentials) return refuseUpgrade(socket, 401, 'unauthorized', 'Missing, invalid or expired access token');
    if (!canRead(credentials.principal, restaurantId)) return refuseUpgrade(socket, 404, 'not_found', 'Restaurant not found');
    const since = url.searchParams.get('since') ?? undefined;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.open(ws, restaurantId, credentials, since).catch((err: unknown) => {
        this.deps.logger.error({ err }, 'websocket connection setup failed');
        ws.terminate();
      });
    });
  }

  private async open(ws: WebSocket, restaurantId: string, credentials: SocketCredentials, since: string | undefined): Promise<void> {
    const { hub, log, metrics } = this.deps;
    const connection = new WsConnection(ws, restaurantId, { metrics, maxBufferedBytes: this.deps.maxBufferedBytes, maxPending: 10_000 });
    const expiry = onTokenExpiry(credentials.expiresAt, () => connection.close(CloseCodes.TOKEN_EXPIRED, 'token_expired'));
    ws.on('pong', () => (connection.alive = true));
    ws.on('error', (err) => this.deps.logger.debug({ err }, 'websocket error'));
    ws.once('close', () => {
      clearTimeout(expiry);
      hub.remove(connection);
    });
    // Registered (live messages held) before the replay reads the log: nothing falls between.
    await hub.add(connection);
    if (!connection.isOpen) return hub.remove(connection);
    if (since === undefined) return connection.finishCatchUp();

    const outcome = await replaySince(log, restaurantId, since, (messages) => connection.sendReplayed(messages));
    metrics.replays.inc({ protocol: 'websocket', outcome: outcome.status });
    if (outcome.status === 'replayed') return connection.finishCatchUp(outcome.upTo);
    const cursor = outcome.status === 'expired' ? outcome.head : this.deps.localCursors.current();
    connection.sendReplayed([resyncRequired(restaurantId, cursor)]);
    connection.finishCatchUp(outcome.status === 'expired' ? outcome.head : undefined);
  }

  private beat(): void {
    for (const connection of this.deps.hub.connections()) {
      if (!connection.alive) {
        // Missed the previous ping: a dead network path. 'close' follows and cleans up.
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }
}
