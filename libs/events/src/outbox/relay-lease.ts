import type { Logger } from '@qtable/observability';
import type { OutboxStore } from './outbox-store';

/**
 * This relay's view of the schema's lease: only its holder publishes, which keeps each
 * restaurant's events in order when a service runs several replicas.
 */
export class RelayLease {
  private held = false;
  private renewedAt = 0;

  constructor(
    private readonly store: OutboxStore,
    readonly holder: string,
    private readonly leaseMs: number,
    private readonly logger: Logger,
  ) {}

  get holding(): boolean {
    return this.held;
  }

  /**
   * True if we hold the lease (claiming or renewing it as needed). Before a poll it renews
   * once a third of the lease is used up, so an idle holder does not write every poll.
   * Before a publish it renews once a tenth is used up: the publish then runs with at least
   * 90% of the lease ahead of it, without a lease write per batch under steady load (that
   * write, a durable commit, cost as much as the batch's own mark).
   */
  async ensure(purpose: 'poll' | 'publish'): Promise<boolean> {
    const renewAfterMs = purpose === 'publish' ? this.leaseMs / 10 : this.leaseMs / 3;
    if (this.held && performance.now() - this.renewedAt < renewAfterMs) return true;
    const claimedAt = performance.now();
    const held = await this.store.claimLease(this.holder, this.leaseMs);
    if (held && !this.held) this.logger.info({ holder: this.holder }, 'outbox lease acquired: this relay publishes');
    if (!held && this.held) this.logger.warn({ holder: this.holder }, 'outbox lease lost to another relay');
    this.held = held;
    if (held) this.renewedAt = claimedAt;
    return held;
  }

  /** Hands the lease over at once (graceful stop) instead of letting it expire. */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    try {
      await this.store.releaseLease(this.holder);
    } catch (err) {
      this.logger.warn({ err }, 'could not release the outbox lease; it expires by itself');
    }
  }
}
