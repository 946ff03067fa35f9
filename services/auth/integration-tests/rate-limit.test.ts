import { requireEnv } from '@qtable/testing';
import { Redis } from 'ioredis';
import { call, PASSWORD, registerOwner, uniqueEmail } from './support/api';
import { createAuthTestEnv, startAuthApp, type AuthTestApp, type AuthTestEnv } from './support/auth-test-app';

// Two replicas on one Redis, behind a proxy (X-Forwarded-For names the client), with the
// production limits: 5 failures per account per 15 min, 20 attempts per address per minute.
let env: AuthTestEnv;
let replicaA: AuthTestApp;
let replicaB: AuthTestApp;
let redis: Redis;
const limits = { LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '20', LOGIN_MAX_FAILURES_PER_ACCOUNT: '5' };

beforeAll(async () => {
  env = await createAuthTestEnv();
  replicaA = await startAuthApp(env, limits, { proxy: true });
  replicaB = await startAuthApp(env, limits, { proxy: true });
  redis = new Redis(requireEnv('REDIS_URL'));
});
afterAll(async () => {
  const keys = await redis.keys(`${env.keyPrefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await replicaA?.close();
  await replicaB?.close();
  await env?.db.drop();
});

let nextAddress = 1;
const freshAddress = () => `198.51.100.${nextAddress++}`;
const attempt = (app: AuthTestApp, email: string, password: string, address = freshAddress()) =>
  call(app.url, 'POST', '/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': address } });

describe('login rate limits', () => {
  it('locks an account after 5 failures spread over both replicas and many addresses, even for the right password', async () => {
    const { user } = await registerOwner(replicaA.url);
    for (let i = 0; i < 5; i++) {
      const res = await attempt(i % 2 ? replicaB : replicaA, user.email, 'wrong password');
      expect(res.status).toBe(401);
    }
    const blocked = await attempt(replicaB, user.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await attempt(replicaA, user.email, PASSWORD)).status).toBe(429);

    // The counter lives in Redis (keyed by a hash: no email in the shared store).
    const keys = await redis.keys(`${env.keyPrefix}:login-fail:account:*`);
    expect(keys.some((k) => k.includes(user.email))).toBe(false);
    expect(await Promise.all(keys.map((k) => redis.get(k)))).toContain('5');
  });

  it('resets the account counter on a successful login', async () => {
    const { user } = await registerOwner(replicaA.url);
    for (let i = 0; i < 4; i++) expect((await attempt(replicaA, user.email, 'wrong password')).status).toBe(401);
    expect((await attempt(replicaB, user.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(replicaB, user.email, 'wrong password')).status).toBe(401);
    expect((await attempt(replicaA, user.email, PASSWORD)).status).toBe(200);
  });

  it('limits one address to 20 attempts a minute across replicas, whatever the accounts; other addresses go on', async () => {
    const address = '203.0.113.7';
    for (let i = 0; i < 20; i++) {
      const res = await attempt(i % 2 ? replicaB : replicaA, uniqueEmail('stuffing'), 'guess', address);
      expect(res.status).toBe(401);
    }
    const blocked = await attempt(replicaA, uniqueEmail('stuffing'), 'guess', address);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const { user } = await registerOwner(replicaA.url);
    expect((await attempt(replicaB, user.email, PASSWORD, address)).status).toBe(429);
    expect((await attempt(replicaB, user.email, PASSWORD, '203.0.113.8')).status).toBe(200);
  });
});

describe('without Redis (embedded mode)', () => {
  it('still limits, with per-process counters', async () => {
    const solo = await startAuthApp(env, { ...limits, REDIS_URL: '' });
    try {
      const { user } = await registerOwner(solo.url);
      for (let i = 0; i < 5; i++) expect((await attempt(solo, user.email, 'wrong password')).status).toBe(401);
      expect((await attempt(solo, user.email, PASSWORD)).status).toBe(429);
      // The Redis-backed replicas never saw these failures.
      expect((await attempt(replicaA, user.email, PASSWORD)).status).toBe(200);
    } finally {
      await solo.close();
    }
  });
});

describe('with Redis unreachable', () => {
  it('keeps logins working on per-process counters and reports readiness as degraded, not down', async () => {
    const cut = await startAuthApp(env, { ...limits, REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const { user } = await registerOwner(cut.url);
      expect((await attempt(cut, user.email, PASSWORD)).status).toBe(200);
      for (let i = 0; i < 5; i++) expect((await attempt(cut, user.email, 'wrong password')).status).toBe(401);
      expect((await attempt(cut, user.email, PASSWORD)).status).toBe(429);
      const ready = await call(cut.url, 'GET', '/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.checks['auth-redis']).toMatch(/^failing/);
    } finally {
      await cut.close();
    }
  });
});
