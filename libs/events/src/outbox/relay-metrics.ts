import type { Counter, Gauge } from 'prom-client';
import type { Metrics } from '@qtable/observability';

/**
 * The relay's Prometheus series. Labelled by relay (service) name only: never a restaurant
 * or event id (tenant isolation, cardinality). A no-op without a registry.
 */
export class RelayMetrics {
  private readonly publishedTotal?: Counter<'relay'>;
  private readonly failuresTotal?: Counter<'relay'>;
  private readonly lagSeconds?: Gauge<'relay'>;

  constructor(
    metrics: Metrics | undefined,
    private readonly relay: string,
  ) {
    this.publishedTotal = metrics?.counter('outbox_published_total', 'Outbox events published to the event bus', ['relay']);
    this.failuresTotal = metrics?.counter('outbox_publish_failures_total', 'Outbox relay cycles that failed (bus or database unavailable)', ['relay']);
    this.lagSeconds = metrics?.gauge('outbox_lag_seconds', 'Age of the oldest unpublished outbox event, 0 when none (reported by the lease holder)', ['relay']);
  }

  published(count: number): void {
    this.publishedTotal?.inc({ relay: this.relay }, count);
  }

  failure(): void {
    this.failuresTotal?.inc({ relay: this.relay });
  }

  lag(seconds: number): void {
    this.lagSeconds?.set({ relay: this.relay }, seconds);
  }
}
