import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddedPostgresWorkerData, EmbeddedPostgresWorkerMessage } from './embedded-postgres-worker';

export interface EmbeddedPostgres {
  /** postgres:// URL of the loopback socket server. */
  url: string;
  /** Connections the server accepts; keep the sum of all pools at or under it. */
  maxConnections: number;
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * PostgreSQL compiled to WebAssembly (PGlite), persisted in `dataDir`, served over the
 * PostgreSQL wire protocol on 127.0.0.1 so that MikroORM's postgres driver, the schemas and
 * the migrations are exactly those of the real-server mode.
 *
 * It runs in a worker thread: PGlite executes each statement synchronously, and on the main
 * thread every query stalled the event loop that serves HTTP and sockets (a realtime
 * message waited behind whatever SQL ran). In its own thread it also gets the second core.
 *
 * PGlite runs one query at a time in one session: while a connection is inside a
 * transaction, other connections wait. Code must therefore never await a query on another
 * EntityManager from inside a transaction (it would deadlock here, though not on a real server).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  maxConnections?: number;
  port?: number;
}): Promise<EmbeddedPostgres> {
  const maxConnections = options.maxConnections ?? 16;
  const workerData: EmbeddedPostgresWorkerData = { dataDir: options.dataDir, maxConnections, port: options.port ?? 0 };
  // Same extension as this file: .ts when running under tsx — loaded through tsx's require
  // hook, which a worker does not inherit from `--import tsx` — or .js when compiled.
  const file = join(__dirname, `embedded-postgres-worker${extname(__filename)}`);
  const worker = new Worker(file, { workerData, ...(file.endsWith('.ts') ? { execArgv: ['--require', 'tsx/cjs'] } : {}) });
  const conn = await new Promise<string>((ready, fail) => {
    worker.once('message', (message: EmbeddedPostgresWorkerMessage) => {
      if (message.type === 'ready') ready(message.conn);
      else fail(new Error(`embedded PostgreSQL did not start: ${message.type === 'failed' ? message.message : message.type}`));
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`embedded PostgreSQL thread exited (code ${code}) before it was ready`)));
  }).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });
  worker.removeAllListeners();
  // The database dying under a running system is fatal, and must say so, not go quiet.
  worker.on('error', (err) => {
    throw new Error(`embedded PostgreSQL thread failed: ${err.message}`, { cause: err });
  });
  return {
    url: `postgres://postgres@${conn}/postgres`,
    maxConnections,
    async stop() {
      const stopped = new Promise<void>((done) => {
        worker.on('message', (message: EmbeddedPostgresWorkerMessage) => message.type === 'stopped' && done());
        worker.once('exit', () => done());
      });
      worker.postMessage({ type: 'stop' });
      // PGlite closes cleanly (its files consistent) on 'stop'; the timeout only guards a hang.
      await Promise.race([stopped, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
      await worker.terminate();
    },
  };
}
