import type { Logger } from '@qtable/observability';
import type { Redis } from 'ioredis';
import type { GatewayMetrics } from '../gateway-metrics';

/**
 * Whether this replica can reach Redis, from the log connection's own events (no polling):
 * 'ready' is up, 'close' is down. Each transition is logged once and mirrored in the
 * `realtime_redis_fallback` gauge; listeners run on every transition (the gateway delivers
 * locally while down and repairs cursors when Redis returns).
 */
export class RedisHealth {
  private upNow: boolean;
  private readonly listeners: ((up: boolean) => void)[] = [];
  private readonly onReady = () => this.set(true);
  private readonly onClose = () => this.set(false);

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
  ) {
    this.upNow = redis.status === 'ready';
    metrics.redisFallback.set(this.upNow ? 0 : 1);
    redis.on('ready', this.onReady);
    redis.on('close', this.onClose);
  }

  /** Stops watching (the connection is about to be closed on purpose: not an outage). */
  stop(): void {
    this.redis.off('ready', this.onReady);
    this.redis.off('close', this.onClose);
    this.listeners.length = 0;
  }

  get up(): boolean {
    return this.upNow;
  }

  onChange(listener: (up: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves once connected, or after `timeoutMs` (the gateway then starts degraded). */
  async waitUntilUp(timeoutMs: number): Promise<boolean> {
    if (this.upNow) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.upNow;
  }

  /** For readiness: throws while Redis is unreachable. */
  async check(): Promise<void> {
    if (!this.upNow) throw new Error('redis unreachable: delivering to this replica\'s clients only');
    await this.redis.ping();
  }

  private set(up: boolean): void {
    if (up === this.upNow) return;
    this.upNow = up;
    this.metrics.redisFallback.set(up ? 0 : 1);
    if (up) this.logger.info({ component: 'redis' }, 'redis reachable again: cross-replica delivery and cursors resume');
    else this.logger.warn({ component: 'redis' }, 'redis unreachable: delivering to this replica\'s clients only, with local cursors, until it returns');
    for (const listener of this.listeners) listener(up);
  }
}
