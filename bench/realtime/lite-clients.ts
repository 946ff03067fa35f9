import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** One frame that carried an event: when it arrived (performance.now()) and its raw payload. */
export type OnFrame = (arrivedAt: number, payload: string) => void;

export interface LiteClient {
  readonly ws: WebSocket;
  close(): void;
}

export interface LiteOptions {
  /** Local loopback address to connect from (nginx hashes by client address). */
  localAddress?: string;
}

/**
 * A minimal Socket.IO client (Engine.IO 4 over the websocket transport, Socket.IO protocol 5):
 * CONNECT with an auth payload, pong the server's pings, hand over event frames. The load
 * generator must not be the bottleneck: socket.io-client costs far more per socket, and the
 * tests (tests/cluster) already exercise the real client.
 */
export function connectLiteSocketIo(baseUrl: string, auth: Record<string, string>, onFrame: OnFrame, options: LiteOptions = {}): Promise<LiteClient> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url, { perMessageDeflate: false, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (ws.terminate(), reject(new Error('socket.io connect timed out'))), 30_000);
    ws.on('message', (data) => {
      const arrivedAt = performance.now();
      const frame = String(data);
      if (frame.startsWith('42')) return onFrame(arrivedAt, frame.slice(2));
      if (frame === '2') return ws.send('3');
      if (frame.startsWith('0{')) return ws.send(`40${JSON.stringify(auth)}`);
      if (frame.startsWith('40')) {
        clearTimeout(timer);
        resolve({ ws, close: () => ws.close() });
      } else if (frame.startsWith('44')) {
        clearTimeout(timer);
        ws.close();
        reject(new Error(`socket.io connect refused: ${frame.slice(2)}`));
      }
    });
    ws.once('error', (err) => (clearTimeout(timer), reject(err)));
  });
}

/** The plain WebSocket at /realtime (the iOS app's): every text frame is one message. */
export function connectLiteWebSocket(baseUrl: string, token: string, restaurantId: string, onFrame: OnFrame, options: LiteOptions = {}): Promise<LiteClient> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/realtime?restaurant_id=${encodeURIComponent(restaurantId)}`;
  const ws = new WebSocket(url, {
    headers: { Authorization: `Bearer ${token}` },
    perMessageDeflate: false,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  ws.on('message', (data) => onFrame(performance.now(), String(data)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (ws.terminate(), reject(new Error('websocket connect timed out'))), 30_000);
    ws.once('open', () => (clearTimeout(timer), resolve({ ws, close: () => ws.close() })));
    ws.once('unexpected-response', (_req, res) => (clearTimeout(timer), reject(new Error(`websocket upgrade refused: ${res.statusCode}`))));
    ws.once('error', (err) => (clearTimeout(timer), reject(err)));
  });
}

/** Opens `count` connections, `batch` at a time (a burst of thousands of handshakes overflows accept queues). */
export async function connectInBatches<T>(count: number, batch: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const opened: T[] = [];
  for (let start = 0; start < count; start += batch) {
    const chunk = Array.from({ length: Math.min(batch, count - start) }, (_, k) => open(start + k));
    opened.push(...(await Promise.all(chunk)));
  }
  return opened;
}
