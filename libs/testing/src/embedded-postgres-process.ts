import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface EmbeddedPostgresProcess {
  /** postgres:// URL of the PGlite socket server. */
  url: string;
  maxConnections: number;
  stop(): Promise<void>;
}

/**
 * The embedded mode's database (PGlite behind its socket server, as startEmbeddedPostgres
 * builds it) in a child process, for tests of the embedded stack. Not in the jest process
 * because PGlite's CommonJS build loads node modules with dynamic `import()`, which jest's
 * module sandbox rejects without `--experimental-vm-modules`. Data lives in a temp folder
 * removed on stop.
 */
export async function startEmbeddedPostgresProcess(options: { maxConnections?: number; startTimeoutMs?: number } = {}): Promise<EmbeddedPostgresProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qt-pglite-'));
  const repoRoot = resolve(__dirname, '../../..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'embedded-postgres-child.ts'), dataDir, String(options.maxConnections ?? 16)], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const line = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('embedded postgres did not start in time')), options.startTimeoutMs ?? 60000);
      createInterface({ input: child.stdout! }).once('line', (l) => { clearTimeout(timer); ok(l); });
      child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`embedded postgres exited with code ${code}`)); });
    });
    const { url, maxConnections } = JSON.parse(line) as { url: string; maxConnections: number };
    return {
      url,
      maxConnections,
      async stop() {
        child.kill('SIGTERM');
        await exited;
        cleanup();
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    cleanup();
    throw err;
  }
}
