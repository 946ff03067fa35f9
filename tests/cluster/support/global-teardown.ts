import { clusterCommandSync, infraCommand } from './test-cluster';

/**
 * Stops the test cluster's processes and nginx. PostgreSQL, Redis and Kafka keep running (they
 * are shared with every other project); Kafka is started again in case a test was interrupted
 * while it was stopped.
 */
export default async function globalTeardown(): Promise<void> {
  await infraCommand('start', 'kafka').catch(() => undefined);
  clusterCommandSync('stop');
}
