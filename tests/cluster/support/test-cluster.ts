import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = resolve(__dirname, '../../..');
const CLUSTER_SCRIPT = resolve(REPO_ROOT, 'scripts/cluster.sh');
const INFRA_SCRIPT = resolve(REPO_ROOT, 'scripts/infra.sh');

/**
 * The test cluster's own state folder, ports, database and prefixes, so that `npm test` never
 * touches a cluster a developer runs with `npm run cluster` (8080, qtable_cluster).
 * QTABLE_TEST_CLUSTER_PORT moves the whole port block.
 */
const base = Number(process.env.QTABLE_TEST_CLUSTER_PORT ?? 18080);
export const TEST_CLUSTER_ENV: Record<string, string> = {
  QTABLE_CLUSTER_DIR: resolve(REPO_ROOT, '.infra/cluster-test'),
  QTABLE_CLUSTER_PORT: String(base),
  QTABLE_CLUSTER_AUTH_PORT: String(base + 21),
  QTABLE_CLUSTER_FLOOR_PORT: String(base + 22),
  QTABLE_CLUSTER_GUESTS_PORT: String(base + 23),
  QTABLE_CLUSTER_RESERVATIONS_PORT: String(base + 24),
  QTABLE_CLUSTER_GATEWAY_PORT: String(base + 31),
  QTABLE_CLUSTER_GATEWAYS: '2',
  QTABLE_CLUSTER_DB: 'qtable_cluster_test',
  QTABLE_CLUSTER_PREFIX: 'qtable-cluster-test',
  QTABLE_CLUSTER_LOG_LEVEL: 'warn',
};

const scriptEnv = () => ({ ...process.env, ...TEST_CLUSTER_ENV });

/** Runs `scripts/cluster.sh <args>` for the test cluster; output goes to the test log. */
export function clusterCommandSync(...args: string[]): void {
  execFileSync('bash', [CLUSTER_SCRIPT, ...args], { env: scriptEnv(), stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
}

export async function clusterCommand(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [CLUSTER_SCRIPT, ...args], { env: scriptEnv(), timeout: 300_000, maxBuffer: 1 << 22 });
  return stdout;
}

/** `scripts/infra.sh <args>` (stop/start one server); resolves with its output. */
export async function infraCommand(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [INFRA_SCRIPT, ...args], { env: process.env, timeout: 300_000 });
  return stdout;
}

export interface ClusterInfo {
  /** nginx: the one entry point, as clients use it. */
  url: string;
  /** Each gateway replica directly (to put clients on a chosen replica). */
  gatewayUrls: string[];
  privateKey: string;
  adminEmail: string;
  adminPassword: string;
  runDir: string;
  logDir: string;
}

let cached: ClusterInfo | undefined;

/** The running test cluster's addresses and secrets, from `scripts/cluster.sh env`. */
export function clusterInfo(): ClusterInfo {
  if (cached) return cached;
  const out = execFileSync('bash', [CLUSTER_SCRIPT, 'env'], { env: scriptEnv(), encoding: 'utf8' });
  const vars = Object.fromEntries(
    out
      .split('\n')
      .map((line) => /^export ([A-Z0-9_]+)=(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  const need = (name: string) => {
    const value = vars[name];
    if (!value) throw new Error(`scripts/cluster.sh env printed no ${name}`);
    return value;
  };
  cached = {
    url: need('QTABLE_CLUSTER_URL'),
    gatewayUrls: need('QTABLE_CLUSTER_GATEWAY_URLS').split(','),
    privateKey: readFileSync(need('QTABLE_CLUSTER_JWT_PRIVATE_KEY_FILE'), 'utf8'),
    adminEmail: need('QTABLE_CLUSTER_ADMIN_EMAIL'),
    adminPassword: readFileSync(need('QTABLE_CLUSTER_ADMIN_PASSWORD_FILE'), 'utf8').trim(),
    runDir: need('QTABLE_CLUSTER_RUN_DIR'),
    logDir: need('QTABLE_CLUSTER_LOG_DIR'),
  };
  return cached;
}

/** The pid of a cluster process (e.g. `realtime-gateway-1`) from its pid file. */
export function pidOf(process: string): number {
  const pid = Number(readFileSync(resolve(clusterInfo().runDir, `${process}.pid`), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid for ${process}`);
  return pid;
}
