import { waitFor } from '@qtable/testing';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

/** What a client received: Socket.IO event name (or the WebSocket message's type) and payload. */
export interface Received {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  message: any;
  at: number;
}

abstract class RecordingClient {
  readonly received: Received[] = [];

  /** Received realtime messages (not resync_required or other control messages). */
  messages(): Received['message'][] {
    return this.received.filter((r) => r.message && typeof r.message === 'object' && 'data' in r.message).map((r) => r.message);
  }

  events(type: string): Received['message'][] {
    return this.received.filter((r) => r.event === type).map((r) => r.message);
  }

  async waitForMessages(count: number, timeoutMs = 15_000): Promise<Received['message'][]> {
    await waitFor(() => this.messages().length >= count, `${count} messages (have ${this.messages().length})`, timeoutMs);
    return this.messages();
  }

  async waitForEvent(type: string, timeoutMs = 15_000): Promise<Received['message']> {
    return waitFor(() => this.events(type)[0], `a ${type} message`, timeoutMs);
  }
}

export class SocketIoClient extends RecordingClient {
  constructor(readonly socket: Socket) {
    super();
    socket.onAny((event: string, message: unknown) => this.received.push({ event, message, at: Date.now() }));
  }

  /** Emits with an ack and resolves with the ack's body. */
  request(event: string, payload: unknown): Promise<unknown> {
    return this.socket.timeout(5000).emitWithAck(event, payload);
  }

  close(): void {
    this.socket.close();
  }
}

export interface SocketIoOptions {
  token?: string;
  restaurantId?: string;
  since?: string;
  headers?: Record<string, string>;
}

export function socketIo(url: string, options: SocketIoOptions): SocketIoClient {
  const auth: Record<string, string> = {};
  if (options.token) auth.token = options.token;
  if (options.restaurantId) auth.restaurantId = options.restaurantId;
  if (options.since) auth.since = options.since;
  return new SocketIoClient(
    io(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true, autoConnect: false, ...(options.headers ? { extraHeaders: options.headers } : {}) }),
  );
}

/** Connects (recording from the first packet); rejects with the connect_error (message = code). */
export async function connectSocketIo(url: string, options: SocketIoOptions): Promise<SocketIoClient> {
  const client = socketIo(url, options);
  await new Promise<void>((resolve, reject) => {
    client.socket.once('connect', () => resolve());
    client.socket.once('connect_error', (err) => reject(err));
    client.socket.connect();
  });
  return client;
}

export class WsClient extends RecordingClient {
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    super();
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      this.received.push({ event: message.type, message, at: Date.now() });
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  close(): void {
    this.ws.close();
  }
}

export interface WsOptions {
  token?: string;
  restaurantId?: string;
  since?: string;
  /** Send the token as `?token=` instead of the Authorization header. */
  tokenInQuery?: boolean;
  path?: string;
  /** false: never answer pings (a dead client, for the heartbeat). */
  autoPong?: boolean;
}

/** Opens `/realtime`; rejects with `{ status }` when the upgrade is refused. */
export function connectWs(url: string, options: WsOptions): Promise<WsClient> {
  const target = new URL(options.path ?? '/realtime', url.replace(/^http/, 'ws'));
  if (options.restaurantId) target.searchParams.set('restaurant_id', options.restaurantId);
  if (options.since) target.searchParams.set('since', options.since);
  if (options.token && options.tokenInQuery) target.searchParams.set('token', options.token);
  const headers = options.token && !options.tokenInQuery ? { Authorization: `Bearer ${options.token}` } : undefined;
  const ws = new WebSocket(target, { headers, autoPong: options.autoPong ?? true });
  const client = new WsClient(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk));
      res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, body: body ? JSON.parse(body) : undefined })));
    });
    ws.once('error', (err) => reject(err));
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
