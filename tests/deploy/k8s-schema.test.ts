import { describeWithHelm, renderedObjects, VALUE_SETS, type K8sObject } from './support/helm';
import { validateStrict } from './support/k8s-schema';

const deployment = (containerExtra: Record<string, unknown>, specExtra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'probe', labels: { 'any/label': 'x' }, annotations: { 'free.form/key': 'y' } },
  spec: {
    selector: { matchLabels: { app: 'x' } },
    template: {
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ name: 'c', image: 'i:1', resources: { limits: { memory: '1Gi' } }, ...containerExtra }] },
    },
    ...specExtra,
  },
});

// The checker itself: it must be able to fail, or the rendered objects prove nothing.
describe('strict schema validation', () => {
  it('accepts a valid object with free-form maps', () => {
    expect(validateStrict(deployment({}))).toEqual([]);
  });

  it('rejects an unknown (misspelt) field at any depth', () => {
    expect(validateStrict(deployment({ readinessprobe: { httpGet: { path: '/ready', port: 3000 } } }))).toEqual([
      'Deployment/probe: unknown field /spec/template/spec/containers/0/readinessprobe',
    ]);
    expect(validateStrict(deployment({ securityContext: { runAsNonroot: true } }))).toEqual([
      'Deployment/probe: unknown field /spec/template/spec/containers/0/securityContext/runAsNonroot',
    ]);
  });

  it('rejects wrong types and missing required fields', () => {
    expect(validateStrict(deployment({}, { replicas: 'two' })).join()).toMatch(/replicas/);
    expect(validateStrict(deployment({ name: undefined })).join()).toMatch(/name/);
  });

  it('rejects kinds it has no schema for', () => {
    expect(validateStrict({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'Widget/w: no schema package for apiVersion example.com/v1 (add it to MODEL_PACKAGES)',
    ]);
  });
});

describeWithHelm('rendered objects', () => {
  it.each(Object.keys(VALUE_SETS))('validate strictly against the Kubernetes schemas (%s values)', (valueSet) => {
    const objects = renderedObjects(valueSet);
    expect(objects.length).toBeGreaterThan(20);
    expect(objects.flatMap(validateStrict)).toEqual([]);
  });
});
