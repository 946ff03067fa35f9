// fault-tests/ stop shared servers (Redis): they have their own config, run alone (`nx run realtime-gateway:test-faults`).
module.exports = { ...require('../../jest.preset'), displayName: 'realtime-gateway', rootDir: __dirname, testPathIgnorePatterns: ['/node_modules/', '/fault-tests/'] };
