import { createHmac } from 'node:crypto';
import bcrypt from 'bcrypt';

// bcrypt reads only the first 72 bytes of its input, and passwords may be 128 characters
// (up to 512 bytes of UTF-8): without this step two long passwords sharing a prefix would
// match. The HMAC maps any password to 44 base64 characters (no NUL bytes, which bcrypt
// also mishandles); its fixed key is domain separation, so the stored hashes cannot be
// matched against plain SHA-256 dumps from other breaches ("password shucking").
const PREHASH_KEY = 'qtable.password.v1';

function prehash(password: string): string {
  return createHmac('sha256', PREHASH_KEY).update(password.normalize('NFC'), 'utf8').digest('base64');
}

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(prehash(password), cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(prehash(password), hash);
}
