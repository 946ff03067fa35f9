import { existsSync, readFileSync } from 'node:fs';
import { packageOf, packagesReachedFrom, runtimeImports } from './support/import-graph';
import { fromRoot } from './support/paths';

// The image installs `dependencies` only (npm ci --omit=dev): a package that a service loads at
// run time but that is only a devDependency would crash that service in its container, while
// every test (run with dev dependencies installed) passes. Checked statically here.
const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { dependencies: Record<string, string> };
const ENTRIES = ['auth', 'floor', 'guests', 'reservations', 'realtime-gateway', 'embedded']
  .map((s) => fromRoot('services', s, 'src', 'main.ts'))
  .filter((f) => existsSync(f));

describe('the production image', () => {
  it('import scanner: sees value imports, re-exports and require, not type-only imports', () => {
    const file = fromRoot('tests', 'deploy', 'support', 'import-graph.ts');
    expect(runtimeImports(file)).toEqual(expect.arrayContaining(['node:fs', 'typescript', './paths']));
    expect(packageOf('@scope/name/sub')).toBe('@scope/name');
    expect(packageOf('name/sub')).toBe('name');
  });

  it('holds every npm package the services load at run time (package.json dependencies)', () => {
    // The five services and the embedded host.
    expect(ENTRIES.length).toBe(6);
    const reached = packagesReachedFrom(ENTRIES);
    expect(reached.size).toBeGreaterThan(10);
    const missing = [...reached].filter(([name]) => !pkg.dependencies[name]).map(([name, from]) => `${name} (imported by ${from})`);
    expect(missing).toEqual([]);
  });

  it('runs TypeScript through tsx, a production dependency', () => {
    expect(pkg.dependencies.tsx).toBeDefined();
  });
});
