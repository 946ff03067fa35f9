import type { Principal } from '@qtable/contracts';
import { VerifiedTokenCache } from './verified-token-cache';

const principal = (userId: string): Principal => ({ userId, email: `${userId}@example.com`, organizationId: 'org-1', memberships: { r1: 'host' } });

describe('VerifiedTokenCache', () => {
  let nowMs: number;
  const clock = () => nowMs;
  beforeEach(() => {
    nowMs = 1_000_000_000;
  });

  it('serves a remembered token until its expiry, not at or after it', () => {
    const cache = new VerifiedTokenCache({ now: clock });
    const exp = nowMs / 1000 + 60;
    cache.remember('token-a', principal('u1'), exp);
    expect(cache.get('token-a')?.userId).toBe('u1');
    nowMs = exp * 1000 - 1;
    expect(cache.get('token-a')?.userId).toBe('u1');
    nowMs = exp * 1000;
    expect(cache.get('token-a')).toBeUndefined();
    // Gone for good, even if the clock went back.
    nowMs = 0;
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('only answers for the exact token that verified', () => {
    const cache = new VerifiedTokenCache({ now: clock });
    cache.remember('header.payload.signature', principal('u1'), nowMs / 1000 + 60);
    expect(cache.get('header.payload.signaturf')).toBeUndefined();
    expect(cache.get('header.payload.')).toBeUndefined();
  });

  it('does not cache a token without an expiry', () => {
    const cache = new VerifiedTokenCache({ now: clock });
    cache.remember('token-a', principal('u1'), undefined);
    cache.remember('token-b', principal('u2'), Number.NaN);
    expect(cache.size).toBe(0);
  });

  it('hands out principals nobody can change', () => {
    const cache = new VerifiedTokenCache({ now: clock });
    cache.remember('token-a', principal('u1'), nowMs / 1000 + 60);
    const cached = cache.get('token-a')!;
    expect(() => {
      (cached.memberships as Record<string, string>)['r2'] = 'owner';
    }).toThrow(TypeError);
    expect(() => {
      (cached as { userId: string }).userId = 'u2';
    }).toThrow(TypeError);
    expect(cache.get('token-a')?.memberships).toEqual({ r1: 'host' });
  });

  it('stays within its size bound, dropping the least recently used tokens', () => {
    const cache = new VerifiedTokenCache({ now: clock, maxTokenChars: 100 });
    const exp = nowMs / 1000 + 60;
    for (let i = 0; i < 20; i++) cache.remember(`token-${String(i).padStart(3, '0')}`.padEnd(20, 'x'), principal(`u${i}`), exp);
    expect(cache.size).toBe(5);
    expect(cache.get('token-000'.padEnd(20, 'x'))).toBeUndefined();
    expect(cache.get('token-019'.padEnd(20, 'x'))?.userId).toBe('u19');
  });
});
