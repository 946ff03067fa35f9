import { logLevel } from 'kafkajs';
import { captureLogger } from '../testing';
import { kafkaLogCreator } from './kafka-log-creator';

describe('kafkaLogCreator', () => {
  it('maps kafkajs levels onto pino, keeps the extra fields, and demotes the expected idempotence warning', () => {
    const { logger, lines } = captureLogger('debug');
    const log = kafkaLogCreator(logger)(logLevel.WARN);
    const entry = (message: string, extra: object = {}) => ({ timestamp: 't', logger: 'kafkajs', message, ...extra });
    log({ namespace: 'Runner', level: logLevel.ERROR, label: 'ERROR', log: entry('Crash', { groupId: 'g' }) });
    log({ namespace: 'Connection', level: logLevel.WARN, label: 'WARN', log: entry('slow') });
    log({ namespace: 'Producer', level: logLevel.WARN, label: 'WARN', log: entry('Limiting retries for the idempotent producer may invalidate EoS guarantees') });
    log({ namespace: 'Admin', level: logLevel.INFO, label: 'INFO', log: entry('info line') });
    expect(lines.map((l) => [l.level, l.msg, l.namespace])).toEqual([
      ['error', 'Crash', 'Runner'],
      ['warn', 'slow', 'Connection'],
      ['debug', 'Limiting retries for the idempotent producer may invalidate EoS guarantees', 'Producer'],
      ['info', 'info line', 'Admin'],
    ]);
    expect(lines[0]).toMatchObject({ component: 'kafkajs', groupId: 'g' });
  });
});
