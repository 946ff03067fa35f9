// End-to-end tests of the local cluster (scripts/cluster.sh): real processes behind nginx, on
// the real PostgreSQL, Kafka and Redis. They stop and start shared servers (Kafka, a gateway
// replica), so they run alone, after every other project, one file at a time (--runInBand).
// globalSetup starts the test cluster once (its own ports, database and prefixes); globalTeardown
// stops it (infra keeps running).
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'cluster',
  rootDir: __dirname,
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 180000,
};
