// The embedded database's thread (see startEmbeddedPostgres): PGlite and its socket server.
import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** What startEmbeddedPostgres hands this thread. */
export interface EmbeddedPostgresWorkerData {
  dataDir: string;
  maxConnections: number;
  port: number;
}

/** Messages this thread sends: once `ready` or `failed`, later `stopped` after a `stop`. */
export type EmbeddedPostgresWorkerMessage = { type: 'ready'; conn: string } | { type: 'failed'; message: string } | { type: 'stopped' };

async function main(port: NonNullable<typeof parentPort>) {
  const options = workerData as EmbeddedPostgresWorkerData;
  mkdirSync(options.dataDir, { recursive: true });
  // btree_gist: reservations' exclusion constraint (no table booked twice for overlapping
  // times) needs it; real PostgreSQL ships it in contrib, PGlite loads it only when asked.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the contrib subpath's types are invisible under moduleResolution node10
  const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as { btree_gist: Extension };
  const db = await PGlite.create(options.dataDir, { extensions: { btree_gist } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port, maxConnections: options.maxConnections });
  await server.start();
  port.on('message', (message: { type: string }) => {
    if (message.type !== 'stop') return;
    void (async () => {
      await server.stop();
      await db.close();
      port.postMessage({ type: 'stopped' } satisfies EmbeddedPostgresWorkerMessage);
      port.close();
    })();
  });
  port.postMessage({ type: 'ready', conn: server.getServerConn() } satisfies EmbeddedPostgresWorkerMessage);
}

if (parentPort) {
  const port = parentPort;
  main(port).catch((err: unknown) => {
    port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies EmbeddedPostgresWorkerMessage);
    port.close();
  });
}
