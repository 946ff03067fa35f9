import { z } from 'zod';
import * as f from './fields';

// Configuration fragments; each service composes the ones it uses:
//   const schema = baseConfig.extend(databaseConfig.shape).extend(kafkaConfig.shape)

export const baseConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production'], { error: 'expected development, test or production' }).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: f.port(3000),
  LOG_LEVEL: f.logLevel(),
  CORS_ORIGINS: f.list('a comma-separated list of allowed origins').default([]),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'expected a size such as 100kb or 1mb').default('100kb'),
  /**
   * Requests in progress at once per process; the next gets 503 overloaded (retryable)
   * instead of a queue. Several times the database pool: more would only wait for a
   * connection (on the local cluster past capacity, 256 let accepted writes wait 8 s, 48 0.6 s).
   */
  HTTP_MAX_IN_FLIGHT: f.positiveInt(64),
  OTEL_EXPORTER_OTLP_ENDPOINT: f.url(['http', 'https'], 'an http(s) URL of an OTLP collector').optional(),
});
export type BaseConfig = z.infer<typeof baseConfig>;

export const databaseConfig = z.object({
  DATABASE_URL: f.url(['postgres', 'postgresql'], 'a postgres:// URL, e.g. postgres://user:pass@127.0.0.1:5432/qtable'),
  DATABASE_POOL_MAX: f.positiveInt(10),
});
export type DatabaseConfig = z.infer<typeof databaseConfig>;

export const kafkaConfig = z.object({
  KAFKA_BROKERS: f.list('a comma-separated list of host:port Kafka brokers').refine(
    (brokers) => brokers.length > 0 && brokers.every((b) => /^[^:\s]+:\d+$/.test(b)),
    'expected a comma-separated list of host:port Kafka brokers',
  ),
  KAFKA_CLIENT_ID: z.string().optional(),
  /** Prefixes topics and consumer groups, so that environments (and test runs) never mix. */
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/, 'expected letters, digits, dots, dashes or underscores').default('qtable'),
});
export type KafkaConfig = z.infer<typeof kafkaConfig>;

export const redisConfig = z.object({
  REDIS_URL: f.url(['redis', 'rediss'], 'a redis:// URL, e.g. redis://127.0.0.1:6379'),
});
export type RedisConfig = z.infer<typeof redisConfig>;

/** What every service needs to verify access tokens without calling auth (see docs/architecture.md). */
export const jwtVerifyConfig = z.object({
  JWT_PUBLIC_KEY: f.pem('PUBLIC KEY'),
  JWT_ISSUER: z.string().default('qtable-auth'),
  JWT_AUDIENCE: z.string().default('qtable'),
});
export type JwtVerifyConfig = z.infer<typeof jwtVerifyConfig>;
