import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildSystem, type ChildSystem } from './child-system';

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** The embedded system as `npm start` runs it, in a child process on a temporary data folder. */
export async function startEmbeddedForBench(): Promise<ChildSystem<{ url: string; password: string }>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qt-bench-'));
  const { DATABASE_URL: _d, REDIS_URL: _r, KAFKA_BROKERS: _k, ...env } = process.env;
  const system = await startChildSystem({
    entry: 'services/embedded/src/main.ts',
    env: { ...env, QTABLE_DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'warn' },
    timeoutMs: 90_000,
    ready: (out) => {
      const url = /QTable is running at (http:\/\/\S+)/.exec(out)?.[1];
      const password = /Password:\s+(\S+)/.exec(out)?.[1];
      return url && password ? { url, password } : undefined;
    },
  });
  return {
    ...system,
    stop: async () => {
      await system.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
