import type { Logger } from '@qtable/observability';

/**
 * Runs `shutdown` once on SIGTERM/SIGINT (Kubernetes, Ctrl-C), then exits. A second signal
 * or the deadline forces the exit, so a stuck dependency cannot hang a rollout.
 */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>, deadlineMs = 25000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown deadline passed: exiting');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
