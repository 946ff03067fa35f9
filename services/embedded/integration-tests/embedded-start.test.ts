import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, waitFor } from '@qtable/testing';
import { freePort, runEmbedded, startEmbeddedProcess } from './embedded-process';

// `npm start` as a new user meets it: first start creates the demo restaurant and admin,
// prints URL and credentials; data survives a restart; Ctrl-C exits cleanly.
describe('embedded mode (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qt-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const login = async (url: string, password: string) => {
    const res = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@qtable.local', password }),
    });
    expect(res.status).toBe(200);
    return (await json(res)).access_token as string;
  };

  it('serves health, logs the admin in, keeps data across a restart and stops on Ctrl-C', async () => {
    const port = String(await freePort());
    const first = await startEmbeddedProcess({ QTABLE_DATA_DIR: dataDir, PORT: port });
    let restaurantId: string;
    try {
      expect((await fetch(`${first.url}/health`)).status).toBe(200);
      const ready = await fetch(`${first.url}/ready`);
      expect((await json(ready)).status).toBe('ok');
      const token = await login(first.url, first.password);
      const me = await json(await fetch(`${first.url}/auth/me`, { headers: { authorization: `Bearer ${token}` } }));
      expect(me.memberships).toHaveLength(1);
      restaurantId = me.memberships[0].restaurantId;
      const current = await json(await fetch(`${first.url}/restaurants/${restaurantId}`, { headers: { authorization: `Bearer ${token}` } }));
      const renamed = await fetch(`${first.url}/restaurants/${restaurantId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'if-match': `"${current.version}"` },
        body: JSON.stringify({ name: 'Chez Restart' }),
      });
      expect(renamed.status).toBe(200);
      expect((await fetch(`${first.url}/openapi.json`)).status).toBe(200);
      // Every service answers on the one port: the waitlist, the floor, reservations (once
      // auth's restaurant event reached its projection), the realtime sync.
      const auth = { headers: { authorization: `Bearer ${token}` } };
      expect((await fetch(`${first.url}/restaurants/${restaurantId}/guests`, auth)).status).toBe(200);
      expect((await fetch(`${first.url}/restaurants/${restaurantId}/tables`, auth)).status).toBe(200);
      const dashboard = await json(await fetch(`${first.url}/api/v1/dashboard/${restaurantId}`, auth));
      expect(typeof dashboard.cursor).toBe('string');
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      // No tables yet, so no party fits (422); 503 would mean reservations never heard of the restaurant.
      await waitFor(async () => (await fetch(`${first.url}/restaurants/${restaurantId}/availability?date=${tomorrow}&partySize=2`, auth)).status === 422, 'reservations to know the restaurant');
      expect((await fetch(`${first.url}/restaurants/${restaurantId}/booking-settings`, auth)).status).toBe(200);
      expect((await fetch(`${first.url}/restaurants/${restaurantId}/sync?since=${encodeURIComponent(dashboard.cursor)}`, auth)).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // The secrets folder is private to the owner.
    expect(statSync(join(dataDir, 'secrets', 'jwt-private.pem')).mode & 0o077).toBe(0);

    const second = await startEmbeddedProcess({ QTABLE_DATA_DIR: dataDir, PORT: port });
    try {
      expect(second.output()).not.toContain(first.password);
      const token = await login(second.url, first.password);
      const restaurant = await json(await fetch(`${second.url}/restaurants/${restaurantId}`, { headers: { authorization: `Bearer ${token}` } }));
      expect(restaurant.name).toBe('Chez Restart');
      const me = await json(await fetch(`${second.url}/auth/me`, { headers: { authorization: `Bearer ${token}` } }));
      expect(me.memberships).toHaveLength(1);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 120000);

  it('refuses to start on a bad configuration variable, naming it', async () => {
    const run = runEmbedded({ QTABLE_DATA_DIR: dataDir, PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('PORT: expected a TCP port number');
  }, 30000);
});
