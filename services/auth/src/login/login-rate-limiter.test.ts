import { HttpError } from '@qtable/http';
import { LoginRateLimiter } from './login-rate-limiter';

const limits = { maxFailuresPerAccount: 3, accountWindowSeconds: 900, maxAttemptsPerAddress: 5, addressWindowSeconds: 60, keyPrefix: 'unit' };

async function refusal(promise: Promise<unknown>): Promise<HttpError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return err as HttpError;
  }
}

describe('LoginRateLimiter (in memory)', () => {
  it('refuses an account after its failures, with Retry-After, until a success resets it', async () => {
    const limiter = LoginRateLimiter.fromConfig(limits);
    for (let i = 0; i < 3; i++) {
      await limiter.beforeAttempt('Ana@Example.com', `10.0.0.${i}`);
      await limiter.recordFailure('ana@example.com');
    }
    const refused = await refusal(limiter.beforeAttempt('ana@example.com', '10.0.0.9'));
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers?.['Retry-After'])).toBeGreaterThan(800);

    await limiter.recordSuccess('ana@example.com');
    expect(await refusal(limiter.beforeAttempt('ana@example.com', '10.0.0.10'))).toBeUndefined();
  });

  it('counts every attempt of an address, failed or not, and no other address', async () => {
    const limiter = LoginRateLimiter.fromConfig(limits);
    for (let i = 0; i < 5; i++) await limiter.beforeAttempt(`user${i}@example.com`, '10.1.1.1');
    const refused = await refusal(limiter.beforeAttempt('someone@example.com', '10.1.1.1'));
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers?.['Retry-After'])).toBeLessThanOrEqual(60);
    expect(await refusal(limiter.beforeAttempt('someone@example.com', '10.1.1.2'))).toBeUndefined();
  });
});
