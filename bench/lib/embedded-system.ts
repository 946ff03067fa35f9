import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The embedded system as `npm start` runs it, in a child process on a temporary data folder. */
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

export async function startEmbeddedForBench(): Promise<{ url: string; password: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qt-bench-'));
  const { DATABASE_URL: _d, REDIS_URL: _r, KAFKA_BROKERS: _k, ...env } = process.env;
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'services/embedded/src/main.ts'], {
    cwd: resolve(__dirname, '../..'),
    env: { ...env, QTABLE_DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (c) => (out += c));
  const deadline = Date.now() + 90000;
  for (;;) {
    const url = /QTable is running at (http:\/\/\S+)/.exec(out)?.[1];
    const password = /Password:\s+(\S+)/.exec(out)?.[1];
    if (url && password) {
      return {
        url,
        password,
        stop: async () => {
          const exited = new Promise((ok) => child.once('exit', ok));
          child.kill('SIGINT');
          await exited;
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`embedded system did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
