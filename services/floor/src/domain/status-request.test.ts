import { outOfServiceRequest } from './status-request';

describe('outOfServiceRequest', () => {
  it('reads the seed status and the outOfService flag alike', () => {
    expect(outOfServiceRequest('out_of_service', undefined)).toEqual({ ok: true, outOfService: true });
    expect(outOfServiceRequest('available', undefined)).toEqual({ ok: true, outOfService: false });
    expect(outOfServiceRequest(undefined, true)).toEqual({ ok: true, outOfService: true });
    expect(outOfServiceRequest('out_of_service', true)).toEqual({ ok: true, outOfService: true });
    expect(outOfServiceRequest(undefined, undefined)).toEqual({ ok: true, outOfService: undefined });
  });

  it('refuses derived statuses and contradictions', () => {
    expect(outOfServiceRequest('occupied', undefined)).toEqual({ ok: false, reason: 'derived_status', status: 'occupied' });
    expect(outOfServiceRequest('reserved', false)).toEqual({ ok: false, reason: 'derived_status', status: 'reserved' });
    expect(outOfServiceRequest('available', true)).toEqual({ ok: false, reason: 'contradiction' });
  });
});
