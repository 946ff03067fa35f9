import { checkStatusRequest } from './reservation-status';

describe('checkStatusRequest', () => {
  it('lets staff confirm, check in, cancel and mark no-shows', () => {
    expect(checkStatusRequest('booked', 'confirmed')).toEqual({ ok: true, changed: true });
    expect(checkStatusRequest('confirmed', 'arrived')).toEqual({ ok: true, changed: true });
    expect(checkStatusRequest('arrived', 'cancelled')).toEqual({ ok: true, changed: true });
    expect(checkStatusRequest('booked', 'no_show')).toEqual({ ok: true, changed: true });
    expect(checkStatusRequest('no_show', 'arrived')).toEqual({ ok: true, changed: true });
    expect(checkStatusRequest('cancelled', 'cancelled')).toEqual({ ok: true, changed: false });
  });

  it('leaves seating and completion to the guests service', () => {
    const seat = checkStatusRequest('arrived', 'seated');
    expect(seat.ok).toBe(false);
    expect(!seat.ok && seat.reason).toMatch(/guests/);
    expect(checkStatusRequest('seated', 'completed').ok).toBe(false);
  });

  it('keeps closed reservations closed', () => {
    expect(checkStatusRequest('cancelled', 'booked')).toEqual({ ok: false, reason: 'a cancelled reservation is closed' });
    expect(checkStatusRequest('completed', 'arrived').ok).toBe(false);
    expect(checkStatusRequest('seated', 'cancelled').ok).toBe(false);
  });
});
