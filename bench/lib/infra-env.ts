import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The real servers' addresses as `scripts/infra.sh env` prints them (DATABASE_URL, REDIS_URL,
 * KAFKA_BROKERS), so that a benchmark runs from a plain shell once `infra.sh start` has run.
 */
export function infraEnv(): Record<string, string> {
  const out = execFileSync('bash', [resolve(__dirname, '../../scripts/infra.sh'), 'env'], { encoding: 'utf8' });
  return Object.fromEntries([...out.matchAll(/^export ([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}
