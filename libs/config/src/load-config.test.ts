import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { baseConfig, databaseConfig, kafkaConfig } from './fragments';

const schema = baseConfig.extend(databaseConfig.shape).extend(kafkaConfig.shape);

describe('loadConfig', () => {
  const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.2:9092' };

  it('applies defaults and parses typed values', () => {
    const config = loadConfig(schema, { ...valid, PORT: '8080' });
    expect(config.PORT).toBe(8080);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.2:9092']);
  });

  it('names the bad variable and what it expects, without echoing its value', () => {
    let error: unknown;
    try {
      loadConfig(schema, { ...valid, PORT: 'eighty', DATABASE_URL: 'mysql://secret@host/db' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT: expected a TCP port number');
    expect(message).toContain('DATABASE_URL: expected a postgres:// URL');
    expect(message).not.toContain('secret');
  });

  it('reports a missing required variable', () => {
    expect(() => loadConfig(schema, { KAFKA_BROKERS: '127.0.0.1:9092' })).toThrow(/DATABASE_URL/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig(schema, { ...valid, PORT: '' }).PORT).toBe(3000);
  });

  it('rejects malformed broker lists', () => {
    expect(() => loadConfig(schema, { ...valid, KAFKA_BROKERS: 'localhost' })).toThrow(/KAFKA_BROKERS: expected/);
  });

  it('works with any zod object', () => {
    expect(loadConfig(z.object({ A: z.string() }), { A: 'x' })).toEqual({ A: 'x' });
  });
});
