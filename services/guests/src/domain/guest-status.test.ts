import { GUEST_STATUSES, type GuestStatus } from '@qtable/contracts';
import { allowedFrom, freesTables, planStatusChange, TRANSITIONS } from './guest-status';

const now = new Date('2026-03-06T20:00:00Z');
const plan = (from: GuestStatus, to: GuestStatus, extra: { tablesChanged?: boolean; minutesAgo?: number } = {}) =>
  planStatusChange({
    from,
    to,
    tablesChanged: extra.tablesChanged ?? false,
    statusChangedAt: new Date(now.getTime() - (extra.minutesAgo ?? 1) * 60000),
    now,
    noShowUndoMs: 10 * 60000,
  });

describe('guest status transitions', () => {
  it.each([
    ['waiting', 'notified'],
    ['waiting', 'seated'],
    ['waiting', 'cancelled'],
    ['waiting', 'no_show'],
    ['notified', 'seated'],
    ['notified', 'waiting'],
    ['notified', 'cancelled'],
    ['notified', 'no_show'],
    ['seated', 'completed'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(plan(from, to)).toEqual({ kind: 'transition', from, to });
  });

  it.each([
    ['waiting', 'completed'],
    ['notified', 'completed'],
    ['seated', 'waiting'],
    ['seated', 'cancelled'],
    ['seated', 'no_show'],
    ['completed', 'seated'],
    ['completed', 'waiting'],
    ['cancelled', 'waiting'],
    ['cancelled', 'seated'],
  ] as const)('refuses %s → %s and lists what is allowed', (from, to) => {
    const result = plan(from, to);
    expect(result.kind).toBe('illegal');
    if (result.kind === 'illegal') expect(result.allowed).toEqual([...TRANSITIONS[from]]);
  });

  it('treats the same status as no change, except a seated party moving tables', () => {
    for (const status of GUEST_STATUSES) expect(plan(status, status).kind).toBe('none');
    expect(plan('seated', 'seated', { tablesChanged: true })).toEqual({ kind: 'transition', from: 'seated', to: 'seated' });
  });

  it('undoes a no-show back to waiting only within the window', () => {
    expect(plan('no_show', 'waiting', { minutesAgo: 9 }).kind).toBe('transition');
    const late = plan('no_show', 'waiting', { minutesAgo: 11 });
    expect(late).toMatchObject({ kind: 'illegal', allowed: [] });
    expect(plan('no_show', 'seated', { minutesAgo: 1 })).toMatchObject({ kind: 'illegal', allowed: ['waiting'] });
    expect(allowedFrom('no_show', { statusChangedAt: now, now, noShowUndoMs: 0 })).toEqual(['waiting']);
  });

  it('frees tables exactly when a party leaves seated', () => {
    expect(freesTables('seated', 'completed')).toBe(true);
    expect(freesTables('seated', 'seated')).toBe(false);
    expect(freesTables('waiting', 'seated')).toBe(false);
    expect(freesTables('waiting', 'cancelled')).toBe(false);
  });
});
