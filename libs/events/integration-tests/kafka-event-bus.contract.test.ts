import { requireEnv, uniqueName } from '@qtable/testing';
import { KafkaEventBus } from '../src';
import { captureLogger, describeEventBusContract } from '../src/testing';

// The same contract as the in-memory bus, against the real broker. Every test gets a bus
// with its own topic prefix, so its topics and consumer groups start empty.
const brokers = requireEnv('KAFKA_BROKERS').split(',');
const filePrefix = uniqueName('qt_contract');
let n = 0;

describeEventBusContract('KafkaEventBus', () =>
  KafkaEventBus.fromConfig({
    brokers,
    clientId: 'events-contract-test',
    topicPrefix: `${filePrefix}_${++n}`,
    logger: captureLogger('warn').logger,
    // A short fetch long-poll: shutdown waits for the poll in flight, and every test shuts down.
    consumer: { maxWaitTimeInMs: 250 },
  }),
);
