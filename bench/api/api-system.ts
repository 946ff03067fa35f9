/**
 * The services under test for `npm run bench:api` on real PostgreSQL, in a process of their
 * own: floor and guests as one process with the in-process bus (the embedded mode's wiring
 * on the real database), so the load generator never shares their event loop. Prints one
 * JSON line (url, token, restaurant ids, database url) when ready; SIGINT stops it.
 */
import { floorService } from '@qtable/service-floor';
import { guestsService } from '@qtable/service-guests';
import { startTestSystem } from '@qtable/runtime/testing';

async function main() {
  const restaurants = Number(process.env.BENCH_RESTAURANTS ?? 10);
  const restaurantIds = Array.from({ length: restaurants }, (_, i) => `5e1a7c1e-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
  const system = await startTestSystem({ services: [floorService, guestsService] });
  const token = system.token({ memberships: Object.fromEntries(restaurantIds.map((id) => [id, 'owner'])) }, 3600);
  process.once('SIGINT', () => {
    void system.close().finally(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url: system.url, token, restaurantIds, databaseUrl: system.database.url })}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
