import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromRoot } from './support/paths';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number>;
  read_only?: boolean;
  tmpfs?: string[];
}

const compose = parse(readFileSync(fromRoot('docker', 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const QTABLE = ['auth', 'floor', 'guests', 'reservations', 'realtime-gateway'];

describe('docker/compose.yaml', () => {
  it('pins every third-party image to a version', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (QTABLE.includes(name)) continue;
      expect([name, service.image]).toEqual([name, expect.stringMatching(/^[a-z0-9./-]+:\d+(\.\d+)+(-[a-z0-9]+)?$/)]);
    }
  });

  it.each(QTABLE)('runs %s from docker/Dockerfile with its standalone entry point, read-only', (name) => {
    const service = compose.services[name];
    expect(service.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    expect(service.command).toEqual(['node', '--require', 'tsx/cjs', `services/${name}/src/main.ts`]);
    expect(service.read_only).toBe(true);
    expect(service.tmpfs).toContain('/tmp');
  });

  it('takes the signing keys from the caller, never from the file', () => {
    for (const name of QTABLE) {
      const env = compose.services[name].environment ?? {};
      expect(String(env.JWT_PUBLIC_KEY)).toMatch(/^\$\{JWT_PUBLIC_KEY:\?/);
      if ('JWT_PRIVATE_KEY' in env) expect(name).toBe('auth');
    }
    expect(String(compose.services.auth.environment?.JWT_PRIVATE_KEY)).toMatch(/^\$\{JWT_PRIVATE_KEY:\?/);
    expect(readFileSync(fromRoot('docker', 'compose.yaml'), 'utf8')).not.toMatch(/-----BEGIN/);
  });
});
