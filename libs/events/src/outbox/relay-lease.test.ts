import { captureLogger } from '../testing/capture-logger';
import type { OutboxStore } from './outbox-store';
import { RelayLease } from './relay-lease';

/** A fake store whose claims always succeed and are counted: the renewal schedule is pure logic. */
function lease(leaseMs: number) {
  const claims: number[] = [];
  const store = { claimLease: async () => (claims.push(performance.now()), true) } as unknown as OutboxStore;
  return { lease: new RelayLease(store, 'holder-a', leaseMs, captureLogger('warn').logger), claims };
}

describe('RelayLease renewal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('renews before a publish once a tenth of the lease is used, so a publish starts with at least 90% of it', async () => {
    const { lease: l, claims } = lease(1000);
    expect(await l.ensure('publish')).toBe(true);
    jest.advanceTimersByTime(99);
    await l.ensure('publish');
    expect(claims).toHaveLength(1);
    jest.advanceTimersByTime(2);
    await l.ensure('publish');
    expect(claims).toHaveLength(2);
  });

  it('renews before a poll only once a third of the lease is used', async () => {
    const { lease: l, claims } = lease(900);
    await l.ensure('poll');
    jest.advanceTimersByTime(299);
    await l.ensure('poll');
    expect(claims).toHaveLength(1);
    jest.advanceTimersByTime(2);
    await l.ensure('poll');
    expect(claims).toHaveLength(2);
  });
});
