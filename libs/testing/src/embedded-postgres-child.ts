// Child process of startEmbeddedPostgresProcess(): runs PGlite's socket server and prints
// its URL as one JSON line. Not imported by anything; run with `node --import tsx`.
import { startEmbeddedPostgres } from '@qtable/db';

async function main(): Promise<void> {
  const pg = await startEmbeddedPostgres({ dataDir: process.argv[2]!, maxConnections: Number(process.argv[3] ?? 16) });
  process.stdout.write(`${JSON.stringify({ url: pg.url, maxConnections: pg.maxConnections })}\n`);
  const exit = () => void pg.stop().finally(() => process.exit(0));
  process.on('SIGTERM', exit);
  // The parent holds our stdin: when it goes away (even killed), so do we.
  process.stdin.on('end', exit);
  process.stdin.resume();
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded postgres failed to start: ${String(err)}\n`);
  process.exit(1);
});
