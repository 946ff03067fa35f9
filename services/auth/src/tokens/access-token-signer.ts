import { createHash, createPrivateKey, createPublicKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { AccessTokenClaims } from '@qtable/contracts';
import { ACCESS_TOKEN_ALGORITHM } from '@qtable/http';
import jwt from 'jsonwebtoken';

export interface AccessTokenSignerOptions {
  /** PKCS#8 PEM of the P-256 key; only the auth service ever holds it. */
  privateKey: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface PublicJwk extends JsonWebKey {
  kid: string;
  use: 'sig';
  alg: typeof ACCESS_TOKEN_ALGORITHM;
}

/** RFC 7638 thumbprint: a key id that every replica derives identically from the key itself. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * Signs access tokens (ES256) and publishes the matching public key. Other services verify
 * with the public key alone (libs/http createJwtAuthenticator), so a compromised service
 * cannot mint tokens.
 */
export class AccessTokenSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;
  private readonly privateKey: KeyObject;
  private readonly publicJwk: PublicJwk;

  constructor(private readonly options: AccessTokenSignerOptions) {
    this.privateKey = createPrivateKey(options.privateKey);
    const publicKey = createPublicKey(this.privateKey);
    const jwk = publicKey.export({ format: 'jwk' });
    this.keyId = thumbprint(jwk);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: this.keyId, use: 'sig', alg: ACCESS_TOKEN_ALGORITHM };
  }

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  sign(claims: AccessTokenClaims): string {
    const { sub, ...rest } = claims;
    return jwt.sign(rest, this.privateKey, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      keyid: this.keyId,
      issuer: this.options.issuer,
      audience: this.options.audience,
      subject: sub,
      expiresIn: this.options.ttlSeconds,
      jwtid: randomUUID(),
    });
  }

  /** The JWK Set served at /.well-known/jwks.json. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: [this.publicJwk] };
  }
}
