import { planHold, sameHold, type HoldFacts } from './hold-plan';

const at = (hhmm: string) => new Date(`2026-06-12T${hhmm}:00Z`);
const booking: HoldFacts = {
  status: 'booked',
  tableIds: ['t2', 't1'],
  startsAt: at('19:00'),
  endsAt: at('21:00'),
  holdStartsAt: at('18:30'),
  noShowAt: at('19:15'),
};

describe('planHold', () => {
  it('waits for the hold window, then holds until the grace period decides', () => {
    expect(planHold(booking, at('12:00'))).toEqual({ hold: null, nextSweepAt: at('18:30') });
    const held = planHold(booking, at('18:30'));
    expect(held.hold).toEqual({ tableIds: ['t1', 't2'], startsAt: at('19:00').toISOString(), holdUntil: at('21:00').toISOString() });
    expect(held.nextSweepAt).toEqual(at('19:15'));
  });

  it('keeps holding for an arrived party until it is seated or the booking ends', () => {
    const arrived = planHold({ ...booking, status: 'arrived' }, at('19:20'));
    expect(arrived.hold).not.toBeNull();
    expect(arrived.nextSweepAt).toEqual(at('21:00'));
    expect(planHold({ ...booking, status: 'arrived' }, at('21:00'))).toEqual({ hold: null, nextSweepAt: null });
  });

  it('holds nothing for seated, cancelled, no-show or table-less bookings', () => {
    for (const status of ['seated', 'cancelled', 'no_show', 'completed'] as const) {
      expect(planHold({ ...booking, status }, at('18:45'))).toEqual({ hold: null, nextSweepAt: null });
    }
    expect(planHold({ ...booking, tableIds: [] }, at('18:45'))).toEqual({ hold: null, nextSweepAt: at('19:15') });
  });

  it('is due at once when the grace period is already over', () => {
    expect(planHold(booking, at('19:30')).nextSweepAt).toEqual(at('19:15'));
  });

  it('compares holds by tables and times', () => {
    const a = planHold(booking, at('18:45')).hold;
    expect(sameHold(a, planHold({ ...booking, tableIds: ['t1', 't2'] }, at('18:50')).hold)).toBe(true);
    expect(sameHold(a, planHold({ ...booking, tableIds: ['t1'] }, at('18:50')).hold)).toBe(false);
    expect(sameHold(a, null)).toBe(false);
  });
});
