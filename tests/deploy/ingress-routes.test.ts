import { describeWithHelm, ofKind, renderedObjects, VALUE_SETS, type K8sObject } from './support/helm';
import { pathOf, ROUTED, SHARED_REGEX_SUBSET, UNROUTED } from './support/samples';

interface IngressPath {
  path: string;
  service: string;
  port: string;
  ingress: K8sObject;
}

function ingressPaths(objects: K8sObject[]): IngressPath[] {
  return ofKind(objects, 'Ingress').flatMap((ingress) =>
    ingress.spec.rules.flatMap((rule: { http: { paths: { path: string; backend: { service: { name: string; port: { name: string } } } }[] } }) =>
      rule.http.paths.map((p) => ({ path: p.path, service: p.backend.service.name, port: p.backend.service.port.name, ingress })),
    ),
  );
}

/**
 * What ingress-nginx does with use-regex: each path becomes `location ~* "^<path>"`
 * (case-insensitive, anchored at the start only) and is matched against the path without
 * the query string. The route table promises that at most one location matches, so the
 * controller's ordering of locations cannot matter: we assert exactly that.
 */
function backendsFor(paths: IngressPath[], url: string): string[] {
  return paths.filter((p) => new RegExp(`^${p.path}`, 'i').test(pathOf(url))).map((p) => p.service);
}

describeWithHelm.each(Object.keys(VALUE_SETS))('ingress routes (%s values)', (valueSet) => {
  const objects = () => renderedObjects(valueSet);

  it('forms one entry point: every Ingress has the same class and host, with regex paths', () => {
    const ingresses = ofKind(objects(), 'Ingress');
    expect(new Set(ingresses.map((i) => i.spec.ingressClassName)).size).toBe(1);
    expect(new Set(ingresses.map((i) => JSON.stringify(i.spec.rules.map((r: { host?: string }) => r.host ?? '')))).size).toBe(1);
    for (const ingress of ingresses) {
      // ingress-nginx turns regex on for a whole host when any Ingress asks; all must agree.
      expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/use-regex']).toBe('true');
    }
    for (const p of ingressPaths(objects())) {
      expect(p.path).toMatch(SHARED_REGEX_SUBSET);
    }
    for (const rule of ingresses.flatMap((i) => i.spec.rules)) {
      for (const p of rule.http.paths) expect(p.pathType).toBe('ImplementationSpecific');
    }
  });

  it('sends every backend to an existing Service port', () => {
    const services = new Map(ofKind(objects(), 'Service').map((s) => [s.metadata.name, s]));
    for (const p of ingressPaths(objects())) {
      const ports = services.get(p.service)?.spec.ports.map((port: { name: string }) => port.name) ?? [];
      expect([p.path, ports]).toEqual([p.path, expect.arrayContaining([p.port])]);
    }
  });

  it.each(ROUTED)('routes %s to %s, and only there', (url, service) => {
    expect(backendsFor(ingressPaths(objects()), url)).toEqual([`qtable-${service}`]);
  });

  it.each(UNROUTED)('does not expose %s', (url) => {
    expect(backendsFor(ingressPaths(objects()), url)).toEqual([]);
  });

  it('has no route without a sample (each rule is exercised above)', () => {
    const unexercised = ingressPaths(objects())
      .filter((p) => !ROUTED.some(([url]) => new RegExp(`^${p.path}`, 'i').test(pathOf(url))))
      .map((p) => p.path);
    expect(unexercised).toEqual([]);
  });

  it('gives the realtime routes WebSocket timeouts and session affinity, and only them', () => {
    for (const ingress of ofKind(objects(), 'Ingress')) {
      const a = ingress.metadata.annotations;
      const realtime = ingress.metadata.name === 'qtable-realtime-gateway';
      expect([ingress.metadata.name, Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'] ?? 60) >= 3600]).toEqual([ingress.metadata.name, realtime]);
      expect([ingress.metadata.name, a['nginx.ingress.kubernetes.io/affinity']]).toEqual([ingress.metadata.name, realtime ? 'cookie' : undefined]);
      if (realtime) {
        expect(a['nginx.ingress.kubernetes.io/proxy-send-timeout']).toBe(a['nginx.ingress.kubernetes.io/proxy-read-timeout']);
        // ingress-nginx requires an explicit cookie path when paths are regexes.
        expect(a['nginx.ingress.kubernetes.io/session-cookie-path']).toBe('/');
      }
    }
  });
});
