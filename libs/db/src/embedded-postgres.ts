import { mkdirSync } from 'node:fs';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** postgres:// URL of the loopback socket server. */
  url: string;
  /** Connections the server accepts; keep the sum of all pools at or under it. */
  maxConnections: number;
  stop(): Promise<void>;
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), persisted in `dataDir`, served over the
 * PostgreSQL wire protocol on 127.0.0.1 so that MikroORM's postgres driver, the schemas and
 * the migrations are exactly those of the real-server mode.
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
  mkdirSync(options.dataDir, { recursive: true });
  // btree_gist: reservations' exclusion constraint (no table booked twice for overlapping
  // times) needs it; real PostgreSQL ships it in contrib, PGlite loads it only when asked.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the contrib subpath's types are invisible under moduleResolution node10
  const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as { btree_gist: Extension };
  const db = await PGlite.create(options.dataDir, { extensions: { btree_gist } });
  const maxConnections = options.maxConnections ?? 16;
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    maxConnections,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
