import { classifyUnusableToken, hashRefreshToken, newRefreshToken, REFRESH_TOKEN_PREFIX } from './refresh-token-rules';

describe('refresh token rules', () => {
  it('makes distinct 256-bit tokens and stores only a hash of them', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();
    expect(a).not.toBe(b);
    expect(a.startsWith(REFRESH_TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(a.slice(REFRESH_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(hashRefreshToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(a)).toBe(hashRefreshToken(a));
    expect(hashRefreshToken(a)).not.toContain(a);
  });

  it('treats a second use of a rotated token as theft: the whole family is revoked', () => {
    expect(classifyUnusableToken({ revokedReason: 'rotated', expired: false })).toEqual({ code: 'refresh_token_reused', revokeFamily: true });
    expect(classifyUnusableToken({ revokedReason: 'rotated', expired: true })).toEqual({ code: 'refresh_token_reused', revokeFamily: true });
  });

  it('answers logged-out, family-revoked, expired and unknown tokens without further revocation', () => {
    expect(classifyUnusableToken({ revokedReason: 'logout', expired: false })).toEqual({ code: 'refresh_token_revoked', revokeFamily: false });
    expect(classifyUnusableToken({ revokedReason: 'reuse_detected', expired: false }).code).toBe('refresh_token_revoked');
    expect(classifyUnusableToken({ revokedReason: null, expired: true })).toEqual({ code: 'refresh_token_expired', revokeFamily: false });
    expect(classifyUnusableToken(undefined)).toEqual({ code: 'invalid_refresh_token', revokeFamily: false });
  });
});
