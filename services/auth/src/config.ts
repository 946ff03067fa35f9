import { createPrivateKey, createPublicKey } from 'node:crypto';
import { ConfigError, env, redisConfig } from '@qtable/config';
import { z } from 'zod';
import { isValidTimeZone } from './domain/time-zone';

/** An ES256 signing key: PKCS#8 PEM of a P-256 EC key (checked here, so a bad key fails at start, not at first login). */
const es256PrivateKey = env.pem('PRIVATE KEY').refine((pem) => {
  try {
    return createPrivateKey(pem).asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}, 'expected a PEM P-256 (ES256) private key, e.g. `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`');

/**
 * The auth service's own settings. No refinements on the object itself, so that the runtime
 * may compose it with `.extend()`; cross-field rules live in `checkAuthConfig`.
 */
export const authConfigSchema = z.object({
  JWT_PRIVATE_KEY: es256PrivateKey,
  /** Optional here: when given (as every verifying process gets it), it must match the private key. */
  JWT_PUBLIC_KEY: env.pem('PUBLIC KEY').optional(),
  JWT_ISSUER: z.string().min(1).default('qtable-auth'),
  JWT_AUDIENCE: z.string().min(1).default('qtable'),
  ACCESS_TOKEN_TTL_SECONDS: env.positiveInt(900, 'a number of seconds'),
  REFRESH_TOKEN_TTL_SECONDS: env.positiveInt(30 * 24 * 3600, 'a number of seconds'),
  /** bcrypt work factor; 12 in production (about 250 ms per hash), tests use 4. */
  BCRYPT_COST: z.coerce
    .number({ error: 'expected a bcrypt cost between 4 and 15' })
    .int('expected a bcrypt cost between 4 and 15')
    .min(4, 'expected a bcrypt cost between 4 and 15')
    .max(15, 'expected a bcrypt cost between 4 and 15')
    .default(12),
  /** Public sign-up (creates a new organization). Chains that onboard by invitation only turn it off. */
  REGISTRATION_OPEN: env.bool(true),
  ADMIN_EMAIL: z.email({ error: 'expected an email address' }).optional(),
  ADMIN_PASSWORD: z.string().min(8, 'expected at least 8 characters').max(128, 'expected at most 128 characters').optional(),
  DEFAULT_TIME_ZONE: z.string().refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Paris or UTC').default('UTC'),
  /** Shared login-attempt counters for all auth replicas; without it counters are per process (embedded mode). */
  REDIS_URL: redisConfig.shape.REDIS_URL.optional(),
  RATE_LIMIT_KEY_PREFIX: z.string().regex(/^[a-zA-Z0-9:._-]+$/, 'expected letters, digits, colons, dots, dashes or underscores').default('qtable:auth'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: env.positiveInt(5),
  LOGIN_ACCOUNT_WINDOW_SECONDS: env.positiveInt(15 * 60, 'a number of seconds'),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: env.positiveInt(20),
  LOGIN_ADDRESS_WINDOW_SECONDS: env.positiveInt(60, 'a number of seconds'),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

/** Rules spanning several variables; throws the same ConfigError as loadConfig. */
export function checkAuthConfig(config: AuthConfig): AuthConfig {
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    const missing = config.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL';
    throw new ConfigError([{ variable: missing, expected: 'ADMIN_EMAIL and ADMIN_PASSWORD are set together (or neither)' }]);
  }
  // A rotated private key with a stale public key would make every service, auth included,
  // reject the tokens auth signs: refuse to start instead.
  if (config.JWT_PUBLIC_KEY && !samePublicKey(config.JWT_PRIVATE_KEY, config.JWT_PUBLIC_KEY)) {
    throw new ConfigError([{ variable: 'JWT_PUBLIC_KEY', expected: 'the public key of JWT_PRIVATE_KEY (they do not match)' }]);
  }
  return config;
}

function samePublicKey(privatePem: string, publicPem: string): boolean {
  const spki = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
  try {
    return spki(privatePem).equals(spki(publicPem));
  } catch {
    return false;
  }
}
