import type { Logger } from '@qtable/observability';
import { errorMessage } from './delay';

/** The three lines of an outage, in the words of the loop that suffers it. */
export interface OutageMessages {
  /** Warned once, on the first failure; the error's message is appended. */
  down: string;
  /** Debug, on every further failure. */
  stillDown: string;
  /** Info, on the first success after failures (with the count and duration). */
  up: string;
}

/**
 * One warning when a periodic loop starts failing and one info line when it works again,
 * not a line per attempt: a Kafka outage of ten minutes must not flood the logs. Used by
 * the outbox relay and the consumer-lag sampler, each in its own words.
 */
export class OutageLog {
  private failuresInRow = 0;
  private since = 0;

  constructor(
    private readonly logger: Logger,
    private readonly messages: OutageMessages,
  ) {}

  /** Consecutive failures so far. */
  get failures(): number {
    return this.failuresInRow;
  }

  failed(err: unknown): void {
    this.failuresInRow++;
    if (this.failuresInRow === 1) {
      this.since = Date.now();
      this.logger.warn({ err }, `${this.messages.down}: ${errorMessage(err)}`);
    } else {
      this.logger.debug({ err, failures: this.failuresInRow }, this.messages.stillDown);
    }
  }

  succeeded(): void {
    if (this.failuresInRow === 0) return;
    this.logger.info({ failures: this.failuresInRow, outageMs: Date.now() - this.since }, this.messages.up);
    this.failuresInRow = 0;
  }
}
