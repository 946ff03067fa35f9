import { clusterCommandSync } from './test-cluster';

/**
 * Starts the test cluster once for the whole project (idempotent: a cluster left running by an
 * interrupted run is checked and reused). Real infra first: scripts/cluster.sh runs
 * `scripts/infra.sh start` itself.
 */
export default function globalSetup(): void {
  clusterCommandSync('start');
}
