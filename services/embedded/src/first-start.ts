import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EmbeddedSecrets {
  jwtPrivateKey: string;
  jwtPublicKey: string;
  adminPassword: string;
  /** True when this start created them (the admin password is printed only then). */
  created: boolean;
}

function readOrCreate(path: string, make: () => string): { value: string; created: boolean } {
  if (existsSync(path)) return { value: readFileSync(path, 'utf8'), created: false };
  writeFileSync(path, make(), { mode: 0o600 });
  return { value: readFileSync(path, 'utf8'), created: true };
}

/**
 * The signing key pair and the admin password live in the data folder, made on first
 * start with owner-only permissions: nothing secret is in the code or the repo, and tokens
 * and the login stay valid across restarts.
 */
export function loadOrCreateSecrets(dataDir: string, adminPasswordFromEnv?: string): EmbeddedSecrets {
  const dir = join(dataDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let keyPair: { privateKey: string; publicKey: string } | undefined;
  const pair = () => (keyPair ??= (() => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  })());
  const priv = readOrCreate(join(dir, 'jwt-private.pem'), () => pair().privateKey);
  const pub = readOrCreate(join(dir, 'jwt-public.pem'), () => pair().publicKey);
  const admin = readOrCreate(join(dir, 'admin-password'), () => adminPasswordFromEnv ?? randomBytes(12).toString('base64url'));
  return { jwtPrivateKey: priv.value, jwtPublicKey: pub.value, adminPassword: admin.value, created: admin.created };
}
