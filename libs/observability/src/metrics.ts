import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Labelled by route template (`/restaurants/:restaurantId/guests`), never by raw path. */
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  counter<L extends string>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  gauge<L extends string>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
  histogram<L extends string>(name: string, help: string, labelNames?: readonly L[], buckets?: number[]): Histogram<L>;
}

/**
 * One registry per process (not prom-client's global one), so that tests and the embedded
 * mode can build several apps without metric-name clashes.
 * Label rule: never a restaurant, user or entity id (tenant isolation and cardinality).
 */
export function createMetrics(options: { service: string; defaultMetrics?: boolean }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  // Re-registering the same name returns the existing metric, so that modules built twice
  // in one process (embedded mode, tests) share it instead of throwing.
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;

  const counter: Metrics['counter'] = (name, help, labelNames = []) =>
    existing(name) ?? new Counter({ name, help, labelNames, registers: [registry] });
  const gauge: Metrics['gauge'] = (name, help, labelNames = []) =>
    existing(name) ?? new Gauge({ name, help, labelNames, registers: [registry] });
  const histogram: Metrics['histogram'] = (name, help, labelNames = [], buckets) =>
    existing(name) ?? new Histogram({ name, help, labelNames, buckets, registers: [registry] });

  return {
    registry,
    httpRequestDuration: histogram(
      'http_request_duration_seconds',
      'HTTP request duration by method, route template and status',
      ['method', 'route', 'status'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    ),
    counter,
    gauge,
    histogram,
  };
}
