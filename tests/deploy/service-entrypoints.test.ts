import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { chartDir, fromRoot } from './support/paths';

interface ServiceValues {
  enabled?: boolean;
}

const values = parse(readFileSync(`${chartDir}/values.yaml`, 'utf8')) as { services: Record<string, ServiceValues> };

describe('deployed services', () => {
  it('are the five standalone services of the design', () => {
    expect(Object.keys(values.services).sort()).toEqual(['auth', 'floor', 'guests', 'realtime-gateway', 'reservations']);
  });

  // A service folder that exists must provide the entry point the chart and the image run.
  // Folders still being written are reported, not failed, until they land.
  it.each(Object.keys(values.services))('%s: services/<name>/src/main.ts runs standalone', (service) => {
    const dir = fromRoot('services', service);
    if (!existsSync(dir)) {
      process.stderr.write(`deploy-tests: services/${service} does not exist yet; its Deployment would crash-loop\n`);
      return;
    }
    const main = readFileSync(fromRoot('services', service, 'src', 'main.ts'), 'utf8');
    expect(main).toMatch(/runStandalone\(/);
  });
});
