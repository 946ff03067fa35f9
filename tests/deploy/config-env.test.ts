import { generateKeyPairSync } from 'node:crypto';
import { loadConfig, redisConfig } from '@qtable/config';
import { standaloneConfig } from '@qtable/runtime';
import { describeWithHelm, ofKind, renderedObjects, VALUE_SETS, type K8sObject } from './support/helm';

// The chart's environment must pass what runStandalone validates at start (standaloneConfig),
// or the pods crash-loop on a variable the services reject.

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** Stand-ins for the externally managed Secrets, by variable name. */
const SECRET_SAMPLES: Record<string, string> = {
  DATABASE_URL: 'postgres://qtable:pw@postgres:5432/qtable',
  REDIS_URL: 'redis://redis:6379',
  JWT_PUBLIC_KEY: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  JWT_PRIVATE_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { optional?: boolean }; fieldRef?: unknown };
}

/** The environment a container starts with: its ConfigMaps, then its env list. */
function containerEnvironment(objects: K8sObject[], deployment: K8sObject): Record<string, string> {
  const container = deployment.spec.template.spec.containers[0];
  const result: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const cm = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === from.configMapRef?.name);
    if (!cm) throw new Error(`${deployment.metadata.name}: ConfigMap ${from.configMapRef?.name} is not rendered`);
    Object.assign(result, cm.data);
  }
  for (const e of (container.env ?? []) as EnvVar[]) {
    if (e.value !== undefined) result[e.name] = e.value;
    else if (e.valueFrom?.fieldRef) result[e.name] = 'from-the-pod';
    else if (e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional) {
      const sample = SECRET_SAMPLES[e.name];
      if (sample === undefined) throw new Error(`${deployment.metadata.name}: no sample for secret variable ${e.name}`);
      result[e.name] = sample;
    }
  }
  return result;
}

describeWithHelm.each(Object.keys(VALUE_SETS))('service environment (%s values)', (valueSet) => {
  it('passes the standalone configuration validation of every service', () => {
    const objects = renderedObjects(valueSet);
    for (const deployment of ofKind(objects, 'Deployment')) {
      const environment = containerEnvironment(objects, deployment);
      const config = loadConfig(standaloneConfig, environment);
      const container = deployment.spec.template.spec.containers[0];
      expect({ name: deployment.metadata.name, host: config.HOST, port: config.PORT, nodeEnv: config.NODE_ENV, trustProxy: config.TRUST_PROXY }).toEqual({
        name: deployment.metadata.name,
        host: '0.0.0.0',
        port: container.ports[0].containerPort,
        nodeEnv: 'production',
        trustProxy: true,
      });
      expect(config.KAFKA_BROKERS.length).toBeGreaterThan(0);
    }
  });

  // The runtime builds the realtime log from REDIS_URL in every service; without it a process
  // keeps its own in-memory log (the gateway's catch-up and guests' snapshot cursor go wrong
  // with several replicas).
  it('gives REDIS_URL to every service', () => {
    const objects = renderedObjects(valueSet);
    for (const deployment of ofKind(objects, 'Deployment')) {
      expect(() => loadConfig(redisConfig, containerEnvironment(objects, deployment))).not.toThrow();
    }
  });
});
