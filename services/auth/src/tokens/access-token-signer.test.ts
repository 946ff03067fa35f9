import { createPublicKey } from 'node:crypto';
import { createJwtAuthenticator } from '@qtable/http';
import { generateTestKeyPair } from '@qtable/testing';
import jwt from 'jsonwebtoken';
import { AccessTokenSigner } from './access-token-signer';

const keys = generateTestKeyPair();
const signer = new AccessTokenSigner({ privateKey: keys.privateKey, issuer: 'qtable-auth', audience: 'qtable', ttlSeconds: 900 });
const claims = { sub: 'user-1', email: 'a@example.com', org: 'org-1', rst: { 'r-1': 'owner' as const } };

describe('AccessTokenSigner', () => {
  it('issues ES256 tokens with kid, issuer, audience and a short expiry that other services accept', () => {
    const token = signer.sign(claims);
    const decoded = jwt.decode(token, { complete: true });
    expect(decoded?.header).toMatchObject({ alg: 'ES256', kid: signer.keyId });
    const payload = decoded?.payload as jwt.JwtPayload;
    expect(payload).toMatchObject({ sub: 'user-1', email: 'a@example.com', org: 'org-1', rst: { 'r-1': 'owner' }, iss: 'qtable-auth', aud: 'qtable' });
    expect(payload.exp! - payload.iat!).toBe(900);

    const verifier = createJwtAuthenticator({ publicKey: keys.publicKey, issuer: 'qtable-auth', audience: 'qtable' });
    expect(verifier.verifyToken(token)).toEqual({ userId: 'user-1', email: 'a@example.com', organizationId: 'org-1', memberships: { 'r-1': 'owner' } });
  });

  it('publishes the public key (never the private part) as a JWK whose key verifies its tokens', () => {
    const { keys: [jwk] } = signer.jwks();
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: signer.keyId });
    expect(jwk).not.toHaveProperty('d');
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    expect(pem).toBe(keys.publicKey);
    expect(() => jwt.verify(signer.sign(claims), pem, { algorithms: ['ES256'] })).not.toThrow();
  });

  it('derives the same key id on every replica', () => {
    const again = new AccessTokenSigner({ privateKey: keys.privateKey, issuer: 'x', audience: 'y', ttlSeconds: 1 });
    expect(again.keyId).toBe(signer.keyId);
    expect(new AccessTokenSigner({ privateKey: generateTestKeyPair().privateKey, issuer: 'x', audience: 'y', ttlSeconds: 1 }).keyId).not.toBe(signer.keyId);
  });
});
