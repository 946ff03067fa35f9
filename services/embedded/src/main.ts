import { tracing } from './tracing';
import { exitOnConfigError, loadConfig } from '@qtable/config';
import { onShutdownSignal } from '@qtable/runtime';
import { embeddedConfig } from './embedded-config';
import { startEmbedded } from './start-embedded';

async function main(): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(embeddedConfig));
  const system = await startEmbedded(config);
  const password = system.firstStart
    ? system.adminPassword
    : `(set at first start; see ${config.QTABLE_DATA_DIR}/secrets/admin-password)`;
  process.stdout.write(
    [
      '',
      `  QTable is running at ${system.url}`,
      `  API reference:  ${system.url}/docs`,
      `  Admin login:    ${system.adminEmail}`,
      `  Password:       ${password}`,
      `  Data folder:    ${config.QTABLE_DATA_DIR}`,
      '',
      '',
    ].join('\n'),
  );
  onShutdownSignal(system.logger, async () => {
    await system.stop();
    await tracing.shutdown();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`QTable failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
