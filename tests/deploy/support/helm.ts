import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { chartDir, fromRoot } from './paths';

/** A rendered Kubernetes object, loosely typed: tests check its shape themselves. */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type K8sObject = Record<string, any> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, any> & { name: string };
};
/* eslint-enable @typescript-eslint/no-explicit-any */

const BANNER = '='.repeat(78);

function locateHelm(): string | undefined {
  if (process.env.QTABLE_HELM) return process.env.QTABLE_HELM;
  if (process.env.QTABLE_HELM_UNAVAILABLE) return undefined;
  try {
    // Fast when cached; global-setup normally did the build already.
    return execFileSync('bash', [fromRoot('scripts', 'lib', 'ensure-helm.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    return undefined;
  }
}

/** The helm binary, or undefined when it cannot be had (then only outside CI). */
export const helmBin: string | undefined = locateHelm();

/**
 * `describe` when helm is available, else `describe.skip` with a loud warning. Under CI=true
 * helm is required: locateHelm throws instead.
 */
export const describeWithHelm: jest.Describe = (() => {
  if (helmBin) return describe;
  process.stderr.write(
    `\n${BANNER}\nSKIPPING HELM TESTS: no helm v3.22 and it could not be built (is Go installed?).\n` +
      `Run \`bash scripts/lib/ensure-helm.sh\` to see why. CI=true makes this a failure.\n${BANNER}\n\n`,
  );
  return describe.skip;
})();

/** The values files the chart is checked with: defaults, and a production-like setting. */
export const VALUE_SETS: Record<string, string[]> = {
  default: [],
  prod: [fromRoot('helm', 'qtable', 'ci', 'prod-values.yaml')],
};

function helmArgs(valuesFiles: string[], extra: string[]): string[] {
  return [...valuesFiles.flatMap((f) => ['-f', f]), ...extra];
}

/** Runs helm; throws with its stderr when it fails. */
export function runHelm(args: string[]): string {
  if (!helmBin) throw new Error('helm is not available');
  try {
    return execFileSync(helmBin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: fromRoot() });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`helm ${args.join(' ')} failed:\n${stderr}`);
  }
}

export function helmLint(valuesFiles: string[]): string {
  return runHelm(['lint', '--strict', chartDir, ...helmArgs(valuesFiles, [])]);
}

/** `helm template` as release "qtable" in namespace "qtable", as text. */
export function helmTemplateText(valuesFiles: string[], extra: string[] = []): string {
  return runHelm(['template', 'qtable', chartDir, '--namespace', 'qtable', ...helmArgs(valuesFiles, extra)]);
}

/** Parses a multi-document YAML stream into objects, failing on any YAML error. */
export function parseManifests(text: string): K8sObject[] {
  const docs = parseAllDocuments(text);
  const objects: K8sObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value as K8sObject);
  }
  return objects;
}

const cache = new Map<string, K8sObject[]>();

/** The chart rendered with one of VALUE_SETS, parsed (cached per worker). */
export function renderedObjects(valueSet: string): K8sObject[] {
  let objects = cache.get(valueSet);
  if (!objects) {
    objects = parseManifests(helmTemplateText(VALUE_SETS[valueSet]));
    cache.set(valueSet, objects);
  }
  return objects;
}

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
