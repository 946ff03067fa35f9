import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');

export interface EmbeddedProcess {
  url: string;
  password: string;
  output(): string;
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

function withoutServers(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, REDIS_URL: _r, KAFKA_BROKERS: _k, ...rest } = env;
  return rest;
}

/** Runs the embedded system exactly as `npm start` does (scripts/start.sh's final command). */
export function runEmbedded(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; output(): string } {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'services/embedded/src/main.ts'], {
    cwd: REPO,
    // The embedded mode needs no servers: hide the test run's own ones from it.
    env: { ...withoutServers(process.env), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, output: () => output };
}

/** Starts the embedded system and waits for its banner (URL and admin password). */
export async function startEmbeddedProcess(env: Record<string, string>, timeoutMs = 60000): Promise<EmbeddedProcess> {
  const run = runEmbedded(env);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = run.output();
    const url = /QTable is running at (http:\/\/\S+)/.exec(text)?.[1];
    const password = /Password:\s+(\S+)/.exec(text)?.[1];
    if (url && password) {
      return {
        url,
        password,
        output: run.output,
        stop: async () => {
          run.child.kill('SIGINT');
          return run.exited;
        },
      };
    }
    if (run.child.exitCode !== null || Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`embedded system did not start:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
