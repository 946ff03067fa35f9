import type { K8sObject } from './helm';

/**
 * Offline validation of rendered objects against the Kubernetes OpenAPI schemas bundled by
 * `kubernetes-models` (and `@kubernetes-models/prometheus-operator` for ServiceMonitor).
 *
 * Those validators check types, required fields and formats, but accept unknown fields (the
 * schemas do not say `additionalProperties: false`), while the API server drops or, with
 * strict field validation, rejects them — a misspelt `readinessprobe` would pass silently.
 * So the validator runs over a recording proxy of the object: every property it reads is a
 * field the schema knows. A key present in an object but never read by the validator is an
 * unknown field. Maps (labels, annotations, resource quantities, ConfigMap data) are objects
 * the validator enumerates instead of reading by name; their keys are free.
 */

interface Validatable {
  prototype: { validate(this: unknown): void };
}

const MODEL_PACKAGES: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

function modelFor(apiVersion: string, kind: string): Validatable {
  const pkg = MODEL_PACKAGES[apiVersion];
  if (!pkg) throw new Error(`no schema package for apiVersion ${apiVersion} (add it to MODEL_PACKAGES)`);
  let models: Record<string, Validatable | undefined>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    models = require(pkg) as Record<string, Validatable | undefined>;
  } catch (err) {
    throw new Error(`cannot load ${pkg} (devDependencies kubernetes-models@4.5.1 and @kubernetes-models/prometheus-operator@4.4.4): ${(err as Error).message}`);
  }
  const model = models[kind];
  if (!model) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return model;
}

interface NodeRecord {
  path: string;
  value: object;
  read: Set<string>;
  enumerated: boolean;
}

/** Wraps `root` so that every property read (and every enumeration) of every nested object is recorded. */
function recording(root: object): { proxy: object; nodes: NodeRecord[] } {
  const nodes: NodeRecord[] = [];
  const wrap = (value: object, path: string): object => {
    const node: NodeRecord = { path, value, read: new Set(), enumerated: false };
    nodes.push(node);
    const children = new Map<string, object>();
    return new Proxy(value, {
      get(target, key, receiver) {
        const child: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return child;
        node.read.add(key);
        if (child === null || typeof child !== 'object') return child;
        let wrapped = children.get(key);
        if (!wrapped) {
          wrapped = wrap(child, `${path}/${key}`);
          children.set(key, wrapped);
        }
        return wrapped;
      },
      has(target, key) {
        if (typeof key === 'string') node.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        node.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  };
  return { proxy: wrap(root, ''), nodes };
}

/** Problems of one object: schema violations and unknown fields, as readable strings. */
export function validateStrict(object: K8sObject): string[] {
  const where = `${object.kind}/${object.metadata?.name ?? '?'}`;
  let model: Validatable;
  try {
    model = modelFor(object.apiVersion, object.kind);
  } catch (err) {
    return [`${where}: ${(err as Error).message}`];
  }
  const problems: string[] = [];
  const { proxy, nodes } = recording(structuredClone(object));
  try {
    model.prototype.validate.call(proxy);
  } catch (err) {
    problems.push(`${where}: ${(err as Error).message}`);
  }
  for (const node of nodes) {
    if (Array.isArray(node.value) || node.enumerated) continue;
    // A node the validator never looked into has no schema of its own (free-form JSON).
    if (node.read.size === 0) continue;
    for (const key of Object.keys(node.value)) {
      if (!node.read.has(key)) problems.push(`${where}: unknown field ${node.path}/${key}`);
    }
  }
  return problems;
}
