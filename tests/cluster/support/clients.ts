import { compareCursors, isCursor } from '@qtable/realtime-log';
import { waitFor } from '@qtable/testing';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

/** A realtime message as both protocols deliver it (the seed's shape plus `cursor`). */
export interface Message {
  type: string;
  restaurant_id: string;
  action: string;
  timestamp: string;
  cursor: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

/**
 * What a device does: records every message, remembers the last cursor, and on reconnect
 * resumes from it. Control messages (`resync_required`, `token_expired`) are kept apart.
 */
abstract class RecordingClient {
  readonly messages: Message[] = [];
  readonly control: { type: string; [key: string]: unknown }[] = [];
  lastCursor: string | undefined;

  protected record(message: unknown): void {
    if (!message || typeof message !== 'object') return;
    const m = message as Message;
    if ('data' in m && isCursor(m.cursor)) {
      this.messages.push(m);
      if (!this.lastCursor || compareCursors(m.cursor, this.lastCursor) > 0) this.lastCursor = m.cursor;
    } else {
      this.control.push(m as unknown as { type: string });
    }
  }

  /** Messages of type guest_created, as their guest names (the order tests compare). */
  guestNames(): string[] {
    return this.messages.filter((m) => m.type === 'guest_created').map((m) => m.data.guestName as string);
  }

  async waitForGuests(count: number, timeoutMs: number, what = this.constructor.name): Promise<string[]> {
    await waitFor(() => this.guestNames().length >= count, `${what}: ${count} guest_created messages (have ${this.guestNames().length})`, timeoutMs, 50);
    return this.guestNames();
  }

  /** Forgets what was received so far (after a warm-up), keeping the cursor. */
  clear(): void {
    this.messages.splice(0);
    this.control.splice(0);
  }

  abstract close(): void;
}

export interface SioOptions {
  token: string;
  restaurantId?: string;
  /** Reconnect after a cut (default false). */
  reconnect?: boolean;
  /** Fixed delay before each reconnection attempt (ms). */
  reconnectDelayMs?: number;
}

/**
 * A Socket.IO client (websocket transport). Its handshake `auth` is computed at every
 * (re)connection and carries the last cursor as `since`: when the server cannot recover the
 * session (connection state recovery), it replays from the cursor instead.
 */
export class SioClient extends RecordingClient {
  readonly socket: Socket;
  readonly disconnects: string[] = [];
  readonly connects: { recovered: boolean }[] = [];

  constructor(url: string, options: SioOptions) {
    super();
    const delay = options.reconnectDelayMs ?? 500;
    this.socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      autoConnect: false,
      reconnection: options.reconnect ?? false,
      reconnectionDelay: delay,
      reconnectionDelayMax: delay,
      randomizationFactor: 0,
      reconnectionAttempts: 60,
      auth: (cb) =>
        cb({
          token: options.token,
          ...(options.restaurantId ? { restaurantId: options.restaurantId } : {}),
          ...(this.lastCursor ? { since: this.lastCursor } : {}),
        }),
    });
    this.socket.onAny((_event: string, message: unknown) => this.record(message));
    this.socket.on('connect', () => this.connects.push({ recovered: this.socket.recovered }));
    this.socket.on('disconnect', (reason) => this.disconnects.push(reason));
  }

  /** Resolves on the first connection; rejects with the connect_error (message = its code). */
  open(): Promise<this> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket.io connect timed out')), 15_000);
      this.socket.once('connect', () => (clearTimeout(timer), resolve(this)));
      this.socket.once('connect_error', (err) => (clearTimeout(timer), reject(err)));
      this.socket.connect();
    });
  }

  /** A network cut: the transport closes without a goodbye, so the server keeps the session. */
  cut(): void {
    this.socket.io.engine.close();
  }

  request(event: string, payload: unknown): Promise<unknown> {
    return this.socket.timeout(5000).emitWithAck(event, payload);
  }

  close(): void {
    this.socket.close();
  }
}

export const openSio = (url: string, options: SioOptions) => new SioClient(url, options).open();

export interface WsOptions {
  token: string;
  restaurantId: string;
  /** Reconnect (with `since` = the last cursor) when the socket closes unexpectedly. */
  reconnect?: boolean;
  reconnectDelayMs?: number;
}

/** The iOS app's plain WebSocket at `/realtime?restaurant_id=`, resuming with `since`. */
export class WsClient extends RecordingClient {
  ws: WebSocket | undefined;
  readonly closes: { code: number; reason: string }[] = [];
  opens = 0;
  private closedByUs = false;
  private attempts = 0;

  constructor(
    private readonly url: string,
    private readonly options: WsOptions,
  ) {
    super();
  }

  /** Opens the socket (with `since` when a cursor is known); rejects with `{ status }` when the upgrade is refused. */
  open(): Promise<this> {
    const target = new URL('/realtime', this.url.replace(/^http/, 'ws'));
    target.searchParams.set('restaurant_id', this.options.restaurantId);
    if (this.lastCursor) target.searchParams.set('since', this.lastCursor);
    const ws = new WebSocket(target, { headers: { Authorization: `Bearer ${this.options.token}` }, handshakeTimeout: 10_000 });
    this.ws = ws;
    ws.on('message', (data) => this.record(JSON.parse(String(data))));
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        this.opens++;
        this.attempts = 0;
        ws.once('close', (code, reason) => this.onClose(code, String(reason)));
        resolve(this);
      });
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode} ${body}`), { status: res.statusCode, body })));
      });
      ws.once('error', (err) => reject(err));
    });
  }

  /** A network cut: the TCP connection is destroyed without a close frame. */
  cut(): void {
    this.ws?.terminate();
  }

  close(): void {
    this.closedByUs = true;
    this.ws?.close();
  }

  private onClose(code: number, reason: string): void {
    this.closes.push({ code, reason });
    if (this.closedByUs || !this.options.reconnect) return;
    const retry = () => {
      if (this.closedByUs || ++this.attempts > 60) return;
      setTimeout(() => this.open().catch(retry), this.options.reconnectDelayMs ?? 500);
    };
    retry();
  }
}

export const openWs = (url: string, options: WsOptions) => new WsClient(url, options).open();

/** Cursors strictly increasing (in order, no message twice). */
export function expectStrictlyIncreasing(messages: Message[]): void {
  for (let i = 1; i < messages.length; i++) {
    if (compareCursors(messages[i - 1]!.cursor, messages[i]!.cursor) >= 0) {
      throw new Error(`cursor ${messages[i]!.cursor} (message ${i}) does not follow ${messages[i - 1]!.cursor}`);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
