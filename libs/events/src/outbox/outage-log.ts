import type { Logger } from '@qtable/observability';
import { errorMessage } from '../internal/delay';

/**
 * One warning when publishing starts failing and one info line when it works again, not
 * a line per poll: a Kafka outage of ten minutes must not flood the logs.
 */
export class OutageLog {
  private failuresInRow = 0;
  private since = 0;

  constructor(private readonly logger: Logger) {}

  /** Consecutive failures so far (drives the backoff). */
  get failures(): number {
    return this.failuresInRow;
  }

  failed(err: unknown): void {
    this.failuresInRow++;
    if (this.failuresInRow === 1) {
      this.since = Date.now();
      this.logger.warn({ err }, `outbox relay cannot publish; keeping the events and retrying with backoff: ${errorMessage(err)}`);
    } else {
      this.logger.debug({ err, failures: this.failuresInRow }, 'outbox relay still failing');
    }
  }

  succeeded(): void {
    if (this.failuresInRow === 0) return;
    this.logger.info({ failures: this.failuresInRow, outageMs: Date.now() - this.since }, 'outbox relay publishing again');
    this.failuresInRow = 0;
  }
}
