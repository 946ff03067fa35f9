import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describeWithHelm, helmBin, parseManifests } from './support/helm';
import { validateStrict } from './support/k8s-schema';
import { fromRoot } from './support/paths';

const committed = () => readFileSync(fromRoot('k8s', 'qtable.yaml'), 'utf8');

describeWithHelm('k8s/qtable.yaml (plain manifests)', () => {
  it('equals a fresh rendering of the chart: run `bash scripts/render-k8s.sh` after changing helm/', () => {
    const fresh = execFileSync('bash', [fromRoot('scripts', 'render-k8s.sh'), '-'], {
      encoding: 'utf8',
      env: { ...process.env, HELM_BIN: helmBin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(committed()).toBe(fresh);
  });
});

describe('k8s/', () => {
  it('holds valid manifests and a README', () => {
    const objects = parseManifests(committed());
    expect(objects.length).toBeGreaterThan(20);
    expect(objects.flatMap(validateStrict)).toEqual([]);
    expect(existsSync(fromRoot('k8s', 'README.md'))).toBe(true);
  });
});
