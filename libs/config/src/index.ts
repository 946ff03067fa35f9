export { ConfigError, loadConfig, exitOnConfigError } from './load-config';
export * as env from './fields';
export {
  baseConfig,
  databaseConfig,
  kafkaConfig,
  redisConfig,
  jwtVerifyConfig,
  type BaseConfig,
  type DatabaseConfig,
  type KafkaConfig,
  type RedisConfig,
  type JwtVerifyConfig,
} from './fragments';
