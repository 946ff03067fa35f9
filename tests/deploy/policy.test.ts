import { readFileSync } from 'node:fs';
import { describeWithHelm, ofKind, renderedObjects, VALUE_SETS, type K8sObject } from './support/helm';
import { fromRoot } from './support/paths';

/** Names of variables that carry credentials: they must come from a Secret. */
const SECRET_NAME = /PASSWORD|SECRET|PRIVATE_KEY|TOKEN|API_KEY|DATABASE_URL|REDIS_URL|CREDENTIAL/i;
/** Values that are credentials whatever the variable is called. */
const SECRET_VALUE = [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, /:\/\/[^/\s:@]+:[^/\s@]+@/];

/** The service's own shutdown deadline (libs/runtime), which the grace period must cover. */
function shutdownDeadlineSeconds(): number {
  const source = readFileSync(fromRoot('libs', 'runtime', 'src', 'graceful-shutdown.ts'), 'utf8');
  const match = /deadlineMs\s*=\s*(\d+)/.exec(source);
  if (!match) throw new Error('graceful-shutdown.ts: no `deadlineMs = <n>` default found');
  return Number(match[1]) / 1000;
}

interface Container {
  name: string;
  image: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

const podSpecs = (objects: K8sObject[]) => ofKind(objects, 'Deployment').map((d) => ({ deployment: d, pod: d.spec.template.spec }));

describeWithHelm.each(Object.keys(VALUE_SETS))('policy (%s values)', (valueSet) => {
  const objects = () => renderedObjects(valueSet);

  it('every container has startup, liveness and readiness probes on /health and /ready', () => {
    for (const { pod } of podSpecs(objects())) {
      for (const c of pod.containers as Container[]) {
        expect([c.name, c.startupProbe?.httpGet?.path]).toEqual([c.name, '/health']);
        expect([c.name, c.livenessProbe?.httpGet?.path]).toEqual([c.name, '/health']);
        expect([c.name, c.readinessProbe?.httpGet?.path]).toEqual([c.name, '/ready']);
        const portNames = (c.ports ?? []).map((p: { name: string }) => p.name);
        for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe]) expect(portNames).toContain(probe.httpGet.port);
      }
    }
  });

  it('every container has CPU and memory requests and a memory limit', () => {
    for (const { pod } of podSpecs(objects())) {
      for (const c of pod.containers as Container[]) {
        expect({ name: c.name, cpu: c.resources?.requests?.cpu, memory: c.resources?.requests?.memory, limit: c.resources?.limits?.memory }).toEqual({
          name: c.name,
          cpu: expect.any(String),
          memory: expect.any(String),
          limit: expect.any(String),
        });
      }
    }
  });

  it('every container runs as a non-root user, read-only, without privilege escalation or capabilities', () => {
    for (const { pod } of podSpecs(objects())) {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of pod.containers as Container[]) {
        expect(c.securityContext).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        // A read-only root needs a writable /tmp (tsx's transpile cache).
        const tmp = c.volumeMounts?.find((m: { mountPath: string }) => m.mountPath === '/tmp');
        expect(pod.volumes.find((v: { name: string }) => v.name === tmp?.name)?.emptyDir).toBeDefined();
      }
    }
  });

  it('every image is pinned: a version tag or a digest, never "latest"', () => {
    for (const { pod } of podSpecs(objects())) {
      for (const c of pod.containers as Container[]) {
        expect(c.image).toMatch(/^[^\s:@]+(:[A-Za-z0-9_.-]+)?(@sha256:[a-f0-9]{64})?$/);
        expect(c.image).toMatch(/(:[A-Za-z0-9_.-]+|@sha256:[a-f0-9]{64})$/);
        expect(c.image).not.toMatch(/:latest($|@)/);
      }
    }
  });

  it('no credential is a plain value: env, ConfigMaps and Secrets rendered by the chart', () => {
    expect(ofKind(objects(), 'Secret')).toEqual([]);
    const problems: string[] = [];
    for (const { deployment, pod } of podSpecs(objects())) {
      for (const c of pod.containers as Container[]) {
        for (const env of c.env ?? []) {
          const where = `${deployment.metadata.name}/${c.name} env ${env.name}`;
          if (SECRET_NAME.test(env.name) && !env.valueFrom?.secretKeyRef) problems.push(`${where}: must come from a secretKeyRef`);
          if (typeof env.value === 'string' && SECRET_VALUE.some((re) => re.test(env.value))) problems.push(`${where}: looks like a credential`);
        }
      }
    }
    for (const cm of ofKind(objects(), 'ConfigMap')) {
      for (const [key, value] of Object.entries<string>(cm.data ?? {})) {
        if (SECRET_NAME.test(key)) problems.push(`ConfigMap ${cm.metadata.name}: ${key} belongs in a Secret`);
        if (SECRET_VALUE.some((re) => re.test(value))) problems.push(`ConfigMap ${cm.metadata.name}: ${key} looks like a credential`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('only auth receives the token signing key', () => {
    for (const { deployment, pod } of podSpecs(objects())) {
      const names = (pod.containers as Container[]).flatMap((c) => (c.env ?? []).map((e: { name: string }) => e.name));
      expect([deployment.metadata.name, names.includes('JWT_PRIVATE_KEY')]).toEqual([deployment.metadata.name, deployment.metadata.name === 'qtable-auth']);
      expect(names).toContain('JWT_PUBLIC_KEY');
      expect(names).toContain('DATABASE_URL');
    }
  });

  it('pods drain: a preStop pause, and a grace period covering it plus the service shutdown deadline', () => {
    const deadline = shutdownDeadlineSeconds();
    for (const { pod } of podSpecs(objects())) {
      for (const c of pod.containers as Container[]) {
        const command: string[] = c.lifecycle?.preStop?.exec?.command ?? [];
        expect(command[0]).toBe('sleep');
        const pause = Number(command[1]);
        expect(pause).toBeGreaterThan(0);
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(pause + deadline);
      }
    }
  });

  it('rollouts start one pod at a time and never reduce capacity', () => {
    for (const d of ofKind(objects(), 'Deployment')) {
      expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    }
  });

  it('the realtime gateway keeps at least two replicas', () => {
    const all = objects();
    const gateway = ofKind(all, 'Deployment').find((d) => d.metadata.name === 'qtable-realtime-gateway')!;
    const hpa = ofKind(all, 'HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === 'qtable-realtime-gateway');
    expect(hpa ? hpa.spec.minReplicas : gateway.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('each Deployment has a PodDisruptionBudget and a Service that select exactly its pods', () => {
    const all = objects();
    const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => labels[k] === v);
    for (const d of ofKind(all, 'Deployment')) {
      const labels = d.spec.template.metadata.labels;
      expect(matches(d.spec.selector.matchLabels, labels)).toBe(true);
      const pdbs = ofKind(all, 'PodDisruptionBudget').filter((p) => matches(p.spec.selector.matchLabels, labels));
      const services = ofKind(all, 'Service').filter((s) => matches(s.spec.selector, labels));
      expect([d.metadata.name, pdbs.length, services.length]).toEqual([d.metadata.name, 1, 1]);
      const portNames = d.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name);
      expect(portNames).toContain(services[0].spec.ports[0].targetPort);
    }
  });
});
