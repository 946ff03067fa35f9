import { describeWithHelm, helmLint, helmTemplateText, ofKind, parseManifests, renderedObjects, VALUE_SETS } from './support/helm';

const SERVICES = ['auth', 'floor', 'guests', 'reservations', 'realtime-gateway'];

describeWithHelm('helm chart', () => {
  describe.each(Object.keys(VALUE_SETS))('with %s values', (valueSet) => {
    it('passes helm lint --strict', () => {
      expect(helmLint(VALUE_SETS[valueSet])).toMatch(/0 chart\(s\) failed/);
    });

    it('renders a Deployment, Service, PodDisruptionBudget and Ingress for each of the five services', () => {
      const objects = renderedObjects(valueSet);
      for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget', 'Ingress']) {
        expect(ofKind(objects, kind).map((o) => o.metadata.name).sort()).toEqual(SERVICES.map((s) => `qtable-${s}`).sort());
      }
      expect(ofKind(objects, 'ConfigMap').map((o) => o.metadata.name)).toEqual(['qtable-config']);
      expect(ofKind(objects, 'Secret')).toEqual([]);
    });
  });

  it('adds the optional objects only when enabled', () => {
    const kinds = (set: string) => new Set(renderedObjects(set).map((o) => o.kind));
    for (const kind of ['ServiceMonitor', 'NetworkPolicy', 'HorizontalPodAutoscaler']) {
      expect(kinds('default').has(kind)).toBe(false);
      expect(kinds('prod').has(kind)).toBe(true);
    }
    // Autoscaled: the HPA owns the replica count.
    const gateway = ofKind(renderedObjects('prod'), 'Deployment').find((d) => d.metadata.name === 'qtable-realtime-gateway');
    expect(gateway?.spec.replicas).toBeUndefined();
  });

  it('rejects misspelt or malformed values (values.schema.json) instead of ignoring them', () => {
    expect(() => helmTemplateText([], ['--set', 'services.auth.replcas=3'])).toThrow(/additional properties 'replcas' not allowed/);
    expect(() => helmTemplateText([], ['--set', 'servces.auth.replicas=3'])).toThrow(/additional properties 'servces' not allowed/);
    expect(() => helmTemplateText([], ['--set', 'kafka.brokers=kafka'])).toThrow(/kafka\/brokers/);
  });

  it('refuses a "latest" image tag', () => {
    expect(() => helmTemplateText([], ['--set', 'image.tag=latest'])).toThrow(/not "latest"/);
  });

  it('refuses fewer than two gateway replicas', () => {
    expect(() => helmTemplateText([], ['--set', 'services.realtime-gateway.replicas=1'])).toThrow(/at least 2/);
    expect(() =>
      helmTemplateText([], ['--set', 'services.realtime-gateway.autoscaling.enabled=true', '--set', 'services.realtime-gateway.autoscaling.minReplicas=1']),
    ).toThrow(/at least 2/);
  });

  it('leaves a disabled service out entirely, routes included', () => {
    const objects = parseManifests(helmTemplateText([], ['--set', 'services.floor.enabled=false']));
    expect(objects.filter((o) => o.metadata.name === 'qtable-floor')).toEqual([]);
    const backends = ofKind(objects, 'Ingress').flatMap((i) => i.spec.rules[0].http.paths.map((p: { backend: { service: { name: string } } }) => p.backend.service.name));
    expect(backends).not.toContain('qtable-floor');
  });

  it('rolls the pods when the shared configuration changes', () => {
    const checksum = (objects: ReturnType<typeof parseManifests>) =>
      ofKind(objects, 'Deployment').map((d) => d.spec.template.metadata.annotations['checksum/config']);
    const before = checksum(renderedObjects('default'));
    const after = checksum(parseManifests(helmTemplateText([], ['--set', 'config.LOG_LEVEL=debug'])));
    expect(new Set(before).size).toBe(1);
    expect(after[0]).not.toBe(before[0]);
  });
});
