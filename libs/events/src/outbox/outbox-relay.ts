import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServiceOrm } from '@qtable/db';
import type { Logger, Metrics } from '@qtable/observability';
import type { EventEnvelope } from '../envelope';
import type { BusMessage, EventBus } from '../event-bus';
import { backoffMs, errorMessage } from '../internal/delay';
import { OutageLog } from '../internal/outage-log';
import { RelayLease } from './relay-lease';
import { RelayMetrics } from './relay-metrics';
import { OutboxStore, type OutboxRow } from './outbox-store';
import { Sleeper } from './sleeper';

export interface OutboxRelayOptions {
  orm: ServiceOrm;
  bus: EventBus;
  logger: Logger;
  metrics?: Metrics;
  /** The service, e.g. 'guests': the lease name and the `relay` metrics label. */
  name: string;
  /** Rows per publish. Default 100. */
  batchSize?: number;
  /** Poll period when nothing wakes the relay. Default 200 ms. */
  pollIntervalMs?: number;
  /**
   * After a publish, how long commits gather before the next one (woken or not), so that
   * under load a batch carries many events instead of one per commit; a relay idle for
   * longer publishes a commit at once. Default 5 ms.
   */
  lingerMs?: number;
  /**
   * The linger after a publish of several rows: commits are arriving faster than the relay
   * cycles, so it waits longer and sends fewer, larger batches (every Kafka send, fetch and
   * consumer commit costs CPU on each side). A batch of one goes back to `lingerMs`, so
   * sparse traffic never waits this long. Default 20 ms.
   */
  busyLingerMs?: number;
  /**
   * Lease duration; renewed while the holder runs. A crashed holder is replaced after at
   * most this long. Must exceed the bus's worst publish time. Default 10 s.
   */
  leaseMs?: number;
  /** Cap of the retry backoff after a failure (Kafka or database down). Default 5 s. */
  maxBackoffMs?: number;
  /** Published rows older than this are deleted. Default 1 hour. */
  retentionMs?: number;
  /** How often the holder deletes old published rows. Default 60 s. */
  cleanupIntervalMs?: number;
  /** Rows deleted per cleanup statement, so one never locks the table for long. Default 1000. */
  cleanupBatchSize?: number;
  /** How long `stop()` keeps trying to publish what is committed. Default 10 s. */
  drainTimeoutMs?: number;
  /** Identity in the lease table. Default host:pid:random. */
  holderId?: string;
}

type State = 'idle' | 'running' | 'stopping' | 'stopped' | 'aborted';
type CycleOutcome = 'idle' | 'published' | 'more' | 'standby' | 'aborted';

/**
 * Publishes a service's committed outbox rows to the event bus (transactional outbox).
 *
 * - At least once: a batch is published first and marked published after; a crash in
 *   between republishes it, and consumers deduplicate by event id.
 * - One publisher per schema: relays (one per replica) compete for a lease row; only the
 *   holder publishes, so a restaurant's events leave in `seq` order. Standbys poll the
 *   lease and take over after a release (graceful stop) or an expiry (crash).
 * - No transaction is held while publishing (see OutboxStore).
 * - Bus or database down: the rows stay, the relay logs one warning per outage and retries
 *   with backoff up to `maxBackoffMs`; the service's own writes are unaffected.
 * - `stop()` drains what is committed (bounded by `drainTimeoutMs`); whatever could not be
 *   published stays in the table for the next relay: SIGTERM never drops an event.
 *
 * Shutdown order in a service: stop taking requests, stop consumers, `relay.stop()`, then
 * `bus.shutdown()`.
 */
export class OutboxRelay {
  private readonly store: OutboxStore;
  private readonly sleeper = new Sleeper();
  private readonly metrics: RelayMetrics;
  private readonly lease: RelayLease;
  private readonly outage: OutageLog;
  private readonly o: Required<Omit<OutboxRelayOptions, 'metrics' | 'holderId'>>;
  private state: State = 'idle';
  private loop: Promise<void> = Promise.resolve();
  private stopping?: Promise<void>;
  private exclusive: Promise<unknown> = Promise.resolve();
  private lastCleanupAt = 0;
  private lastBatchSize = 0;

  private constructor(options: OutboxRelayOptions) {
    this.o = {
      batchSize: 100,
      pollIntervalMs: 200,
      lingerMs: 5,
      busyLingerMs: 20,
      leaseMs: 10000,
      maxBackoffMs: 5000,
      retentionMs: 3_600_000,
      cleanupIntervalMs: 60_000,
      cleanupBatchSize: 1000,
      drainTimeoutMs: 10000,
      ...options,
      logger: options.logger.child({ component: 'outbox-relay', relay: options.name }),
    };
    this.store = new OutboxStore(options.orm, options.name);
    const holder = options.holderId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.lease = new RelayLease(this.store, holder, this.o.leaseMs, this.o.logger);
    this.outage = new OutageLog(this.o.logger, {
      down: 'outbox relay cannot publish; keeping the events and retrying with backoff',
      stillDown: 'outbox relay still failing',
      up: 'outbox relay publishing again',
    });
    this.metrics = new RelayMetrics(options.metrics, options.name);
  }

  static create(options: OutboxRelayOptions): OutboxRelay {
    return new OutboxRelay(options);
  }

  /** Starts the publishing loop (idempotent). */
  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    this.loop = this.run();
  }

  /** Publish soon: services call it right after a commit that recorded events. */
  wake(): void {
    this.sleeper.wake();
  }

  /**
   * Publishes everything committed before the call, then resolves. Throws if the bus fails
   * or `timeoutMs` passes (e.g. another replica holds the lease and does not get there).
   */
  async flush(timeoutMs = this.o.drainTimeoutMs): Promise<void> {
    if (this.state === 'aborted') throw new Error('outbox relay was aborted');
    const target = await this.store.maxUnpublishedSeq();
    if (target === null) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const outcome = await this.cycleExclusive();
      if (outcome === 'aborted') throw new Error('outbox relay was aborted');
      if (!(await this.store.hasUnpublishedUpTo(target))) return;
      if (Date.now() > deadline) throw new Error(`outbox flush timed out after ${timeoutMs} ms (rows up to seq ${target} unpublished)`);
      // Another replica holds the lease: it publishes; check back shortly.
      if (outcome === 'standby') await this.sleeper.sleep(this.o.pollIntervalMs, false);
    }
  }

  /** Stops after draining what is committed (see class doc); releases the lease. */
  stop(): Promise<void> {
    // Every caller (SIGTERM handler, test cleanup) gets the same, complete stop.
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    if (this.aborted()) return this.loop;
    const wasRunning = this.state === 'running';
    this.state = 'stopping';
    this.sleeper.interrupt();
    await this.loop;
    try {
      if (wasRunning) await this.flush(this.o.drainTimeoutMs);
    } catch (err) {
      this.o.logger.warn({ err }, `outbox not fully drained on stop; the rows stay for the next relay: ${errorMessage(err)}`);
    }
    // Aborted during the drain: behave like the crash it stands for (keep the lease).
    if (this.aborted()) return;
    await this.lease.release();
    this.metrics.lag(0);
    this.state = 'stopped';
    this.o.logger.info('outbox relay stopped');
  }

  /**
   * Halts at once, like a killed process: no drain, no further publish or mark (a batch in
   * flight is published but not marked), the lease is kept until it expires. For fatal
   * errors and crash tests; `stop()` is the normal way out.
   */
  abort(): void {
    if (this.state === 'stopped') return;
    this.o.logger.warn('outbox relay aborted');
    this.state = 'aborted';
    this.sleeper.interrupt();
  }

  private async run(): Promise<void> {
    this.o.logger.info({ holder: this.lease.holder }, 'outbox relay started');
    while (this.state === 'running') {
      let outcome: CycleOutcome | 'failed';
      try {
        outcome = await this.cycleExclusive();
        this.outage.succeeded();
      } catch (err) {
        this.outage.failed(err);
        this.metrics.failure();
        outcome = 'failed';
      }
      if (this.state !== 'running' || outcome === 'aborted') break;
      if (outcome === 'more') continue;
      if (outcome === 'failed') {
        // Not wakeable: commits during an outage must not turn backoff into a tight loop.
        await this.sleeper.sleep(backoffMs(this.outage.failures - 1, this.o.pollIntervalMs, this.o.maxBackoffMs), false);
      } else if (outcome === 'standby') {
        // Standbys only watch the lease; polling it faster would only load the database.
        await this.sleeper.sleep(Math.max(this.o.pollIntervalMs, this.o.leaseMs / 4), false);
      } else {
        // A wake during the linger is kept and ends the wakeable sleep at once.
        const linger = this.lastBatchSize > 1 ? this.o.busyLingerMs : this.o.lingerMs;
        if (outcome === 'published' && linger > 0) {
          await this.sleeper.sleep(linger, false);
          if (this.state !== 'running') break;
        }
        await this.sleeper.sleep(this.o.pollIntervalMs, true);
      }
    }
  }

  /** The loop and flush() both run cycles; one at a time, or a batch could go out twice. */
  private cycleExclusive(): Promise<CycleOutcome> {
    const cycle = this.exclusive.then(() => this.cycle());
    this.exclusive = cycle.catch(() => undefined);
    return cycle;
  }

  private async cycle(): Promise<CycleOutcome> {
    if (this.aborted()) return 'aborted';
    if (!(await this.lease.ensure('poll'))) return this.standby();
    await this.cleanupIfDue();
    const rows = await this.store.readBatch(this.o.batchSize);
    this.metrics.lag(rows[0]?.ageSeconds ?? 0);
    if (rows.length === 0) return 'idle';
    // Right before publishing, so the whole publish runs inside a fresh lease.
    if (!(await this.lease.ensure('publish'))) return this.standby();
    await this.o.bus.publish(rows.map(toBusMessage));
    // An abort (crash) between publish and mark leaves the rows unpublished: they go out
    // again from the next holder.
    if (this.aborted()) return 'aborted';
    await this.store.markPublished(rows.map((r) => r.id));
    this.metrics.published(rows.length);
    this.lastBatchSize = rows.length;
    return rows.length === this.o.batchSize ? 'more' : 'published';
  }

  /** A method, not an inline check: the state changes under our awaits (abort()). */
  private aborted(): boolean {
    return this.state === 'aborted';
  }

  private standby(): 'standby' {
    // The holder reports the lag; a standby's stale value would mislead max() alerts.
    this.metrics.lag(0);
    return 'standby';
  }

  private async cleanupIfDue(): Promise<void> {
    if (performance.now() - this.lastCleanupAt < this.o.cleanupIntervalMs && this.lastCleanupAt !== 0) return;
    const deleted = await this.store.deletePublishedBefore(this.o.retentionMs, this.o.cleanupBatchSize);
    // A full batch means more is left: come back next cycle rather than in an hour.
    if (deleted < this.o.cleanupBatchSize) this.lastCleanupAt = performance.now();
    if (deleted > 0) this.o.logger.debug({ deleted }, 'deleted old published outbox rows');
  }
}

function toBusMessage(row: OutboxRow): BusMessage {
  return { topic: row.topic, key: row.key, envelope: row.payload as unknown as EventEnvelope, headers: row.headers };
}
