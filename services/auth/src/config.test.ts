import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '@qtable/config';
import { generateTestKeyPair } from '@qtable/testing';
import { authConfigSchema, checkAuthConfig } from './config';

const pair = generateTestKeyPair();
const key = pair.privateKey;
const load = (env: Record<string, string>) => checkAuthConfig(loadConfig(authConfigSchema, { JWT_PRIVATE_KEY: key, ...env }));

describe('auth config', () => {
  it('defaults to production-grade settings', () => {
    expect(load({})).toMatchObject({
      JWT_ISSUER: 'qtable-auth',
      JWT_AUDIENCE: 'qtable',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      BCRYPT_COST: 12,
      DEFAULT_TIME_ZONE: 'UTC',
      REGISTRATION_OPEN: true,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 5,
      LOGIN_MAX_ATTEMPTS_PER_ADDRESS: 20,
    });
    expect(load({}).REDIS_URL).toBeUndefined();
  });

  it('accepts a key given on one line with \\n escapes, as env files hold it', () => {
    expect(() => load({ JWT_PRIVATE_KEY: key.replace(/\n/g, '\\n') })).not.toThrow();
  });

  it('names the variable of a key that cannot sign ES256, without echoing it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => load({ JWT_PRIVATE_KEY: rsa })).toThrow(/JWT_PRIVATE_KEY: expected a PEM P-256/);
    expect(() => load({ JWT_PRIVATE_KEY: 'secret' })).toThrow(ConfigError);
  });

  it('rejects an unknown default time zone and an out-of-range bcrypt cost', () => {
    expect(() => load({ DEFAULT_TIME_ZONE: 'Moon/Base' })).toThrow(/DEFAULT_TIME_ZONE/);
    expect(() => load({ BCRYPT_COST: '3' })).toThrow(/BCRYPT_COST/);
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together, naming the missing one', () => {
    expect(() => load({ ADMIN_EMAIL: 'admin@example.com' })).toThrow(/ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD are set together/);
    expect(() => load({ ADMIN_PASSWORD: 'long enough' })).toThrow(/ADMIN_EMAIL/);
    expect(load({ ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'long enough' }).ADMIN_EMAIL).toBe('admin@example.com');
  });

  it('checks that a given JWT_PUBLIC_KEY belongs to JWT_PRIVATE_KEY', () => {
    expect(() => load({ JWT_PUBLIC_KEY: pair.publicKey })).not.toThrow();
    expect(() => load({ JWT_PUBLIC_KEY: generateTestKeyPair().publicKey })).toThrow(/JWT_PUBLIC_KEY: the public key of JWT_PRIVATE_KEY/);
  });
});
