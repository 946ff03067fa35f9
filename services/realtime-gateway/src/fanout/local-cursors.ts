/**
 * Cursors for messages delivered while the log is unreachable (Redis away): `local-<boot>-<n>`.
 * They are not log cursors, so a client resuming from one is told to resync (the log
 * answers 'expired' for anything that is not `<a>-<b>`), which is right: the log never
 * held those messages.
 */
export class LocalCursors {
  private readonly boot = Date.now();
  private n = 0;

  next(): string {
    return `local-${this.boot}-${++this.n}`;
  }

  current(): string {
    return `local-${this.boot}-${this.n}`;
  }
}
