// Tests that stop and restart shared servers (scripts/infra.sh stop redis): they must not run
// while other test files use those servers, so `npm test` runs them alone, after the rest.
module.exports = { ...require('../../../jest.preset'), displayName: 'realtime-gateway-faults', rootDir: __dirname, testTimeout: 90000, maxWorkers: 1 };
