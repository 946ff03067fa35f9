import { LockMode } from '@mikro-orm/core';
import { ReservationEvents } from '@qtable/contracts';
import type { ServiceOrm } from '@qtable/db';
import type { Logger } from '@qtable/observability';
import type { Clock } from '../clock';
import { NO_SHOW_CANDIDATES } from '../domain/reservation-status';
import { ReservationSchema } from '../entities';
import { syncHold } from '../operations/hold-sync';
import { loadTimeZone } from '../operations/restaurant-context';
import { recordReservationEvent, systemActor } from '../operations/reservation-events';
import { tableOf } from '../operations/sql';
import { releaseTableRows } from '../operations/table-assignment';
import { reservationView } from '../operations/views';

const ACTOR = systemActor('reservations.sweeper');
/** Batches one tick handles at most, so a backlog never turns a tick into an endless loop. */
const MAX_BATCHES_PER_TICK = 20;

export interface SweeperDeps {
  orm: ServiceOrm;
  clock: Clock;
  logger: Logger;
  outboxCommitted(): void;
  batchSize: number;
}

/**
 * Moves bookings along as time passes: begins holds (TABLES_HELD) when their window opens,
 * turns bookings not arrived by the end of the grace period into no-shows (their tables are
 * free again: reservation.no_show + TABLES_RELEASED), and ends holds that lapsed.
 *
 * Every replica runs one. Due rows (`next_sweep_at <= now`) are claimed with
 * `for update skip locked`, so replicas share the work without ever handling a row twice:
 * a row another replica holds is skipped, and once it commits the row is no longer due.
 */
export class ReservationSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: SweeperDeps) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over everything due now; returns how many reservations it handled. */
  async sweepOnce(): Promise<number> {
    let handled = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
      const count = await this.sweepBatch();
      handled += count;
      if (count < this.deps.batchSize) break;
    }
    return handled;
  }

  private tick(): Promise<void> {
    // Ticks never overlap within a replica; a slow sweep skips the ticks it overlaps.
    this.running ??= this.sweepOnce()
      .then(() => undefined)
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'reservation sweep failed; retrying at the next tick'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async sweepBatch(): Promise<number> {
    const now = this.deps.clock.now();
    const count = await this.deps.orm.em.fork().transactional(async (em) => {
      const due = await em.execute<{ id: string }[]>(
        `select "id" from ${tableOf(em, 'reservation')} where "next_sweep_at" <= ? order by "next_sweep_at" limit ? for update skip locked`,
        [now, this.deps.batchSize],
      );
      if (due.length === 0) return 0;
      const rows = await em.find(ReservationSchema, { id: { $in: due.map((d) => d.id) } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const zones = new Map<string, string>();
      for (const r of rows) {
        if (NO_SHOW_CANDIDATES.includes(r.status) && r.noShowAt.getTime() <= now.getTime()) {
          await releaseTableRows(em, r.id);
          Object.assign(r, { status: 'no_show', updatedAt: now });
          await em.flush();
          if (!zones.has(r.restaurantId)) zones.set(r.restaurantId, await loadTimeZone(em, r.restaurantId));
          recordReservationEvent(em, ReservationEvents.RESERVATION_NO_SHOW, reservationView(r, zones.get(r.restaurantId)!), ACTOR, now);
        }
        await syncHold(em, r, now, ACTOR);
      }
      return rows.length;
    });
    if (count > 0) this.deps.outboxCommitted();
    return count;
  }
}
