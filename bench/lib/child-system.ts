import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ChildSystem<T> {
  /** What `ready` read from the child's output. */
  info: T;
  /** CPU seconds the child has used so far: a benchmark divides the difference by its requests. */
  cpuSeconds(): number;
  /** SIGINT (the services drain and stop), then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Runs a system under test (a .ts entry) in a child process, so the services and the load
 * generator never share an event loop: production never runs them together either.
 * `ready` reads the child's stdout so far and returns what the bench needs once it is up.
 */
export async function startChildSystem<T>(options: {
  entry: string;
  env?: NodeJS.ProcessEnv;
  ready: (stdout: string) => T | undefined;
  timeoutMs?: number;
}): Promise<ChildSystem<T>> {
  const child: ChildProcess = spawn(process.execPath, ['--require', 'tsx/cjs', options.entry], {
    cwd: resolve(__dirname, '../..'),
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const info = options.ready(out);
    if (info !== undefined) {
      return {
        info,
        cpuSeconds: () => processCpuSeconds(child.pid!),
        stop: async () => {
          if (child.exitCode !== null) return;
          const exited = new Promise((ok) => child.once('exit', ok));
          child.kill('SIGINT');
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.entry} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** CPU time (user + system, all threads) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th, in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const CLOCK_TICKS_PER_SECOND = 100;
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
