import { z } from 'zod';

// Field builders shared by every service's config schema, so that the same kind of variable
// is parsed and explained the same way everywhere.

export const port = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a TCP port number (1-65535)' })
    .int('expected a TCP port number (1-65535)')
    .min(1, 'expected a TCP port number (1-65535)')
    .max(65535, 'expected a TCP port number (1-65535)')
    .default(fallback);

export const positiveInt = (fallback: number, what = 'a positive whole number') =>
  z.coerce.number({ error: `expected ${what}` }).int(`expected ${what}`).positive(`expected ${what}`).default(fallback);

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(fallback);

export const url = (protocols: string[], what: string) =>
  z.string({ error: `expected ${what}` }).refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, `expected ${what}`);

export const list = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

export const logLevel = () =>
  z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info');

/** A PEM block given inline; `\n` escapes are accepted because env files cannot hold newlines. */
export const pem = (kind: 'PUBLIC KEY' | 'PRIVATE KEY') =>
  z
    .string({ error: `expected a PEM ${kind.toLowerCase()}` })
    .transform((v) => v.replace(/\\n/g, '\n'))
    .refine((v) => v.includes(`-----BEGIN ${kind}-----`), `expected a PEM ${kind.toLowerCase()} (-----BEGIN ${kind}-----)`);
