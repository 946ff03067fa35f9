import { etagFor, expectedVersion } from './version-precondition';

describe('version preconditions', () => {
  it('round-trips the ETag through If-Match, strong or weak', () => {
    expect(expectedVersion(undefined, etagFor(7))).toEqual({ ok: true, version: 7 });
    expect(expectedVersion(undefined, 'W/"7"')).toEqual({ ok: true, version: 7 });
  });

  it('takes the body version, and accepts both when they agree', () => {
    expect(expectedVersion(3, undefined)).toEqual({ ok: true, version: 3 });
    expect(expectedVersion(3, '"3"')).toEqual({ ok: true, version: 3 });
  });

  it('refuses a write that names no version, a malformed header or two different versions', () => {
    expect(expectedVersion(undefined, undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(expectedVersion(undefined, '*')).toEqual({ ok: false, reason: 'malformed' });
    expect(expectedVersion(undefined, '"abc"')).toEqual({ ok: false, reason: 'malformed' });
    expect(expectedVersion(2, '"3"')).toEqual({ ok: false, reason: 'mismatch' });
  });
});
