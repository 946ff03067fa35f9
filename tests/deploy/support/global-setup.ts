import { execFileSync } from 'node:child_process';
import { fromRoot } from './paths';

/**
 * Builds helm once before the test workers start (a cold build takes about two minutes, and
 * parallel workers would otherwise queue on its lock). Where it cannot be had (no Go), the
 * helm tests are skipped loudly on a developer machine and fail under CI=true.
 */
export default function globalSetup(): void {
  try {
    const helm = execFileSync('bash', [fromRoot('scripts', 'lib', 'ensure-helm.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    process.env.QTABLE_HELM = helm;
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    process.env.QTABLE_HELM_UNAVAILABLE = String(err instanceof Error ? err.message : err);
  }
}
