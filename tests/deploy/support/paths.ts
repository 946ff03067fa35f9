import { join } from 'node:path';

/** The repository root (tests/deploy/support → ../../..). */
export const repoRoot = join(__dirname, '..', '..', '..');
export const chartDir = join(repoRoot, 'helm', 'qtable');
export const fromRoot = (...parts: string[]) => join(repoRoot, ...parts);
