import { randomBytes } from 'node:crypto';

/** A name no other test file or run uses: databases, topics, key prefixes. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
