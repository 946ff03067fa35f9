// Shared jest settings: swc strips types (fast on 2 cores; `npm run typecheck` checks them),
// and tsconfig path aliases resolve to each lib's src/index.ts.
const path = require('node:path');
const { paths } = require('./tsconfig.base.json').compilerOptions;

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(paths)) {
  moduleNameMapper[`^${alias}$`] = path.join(__dirname, target);
}

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper,
  testMatch: ['**/*.test.ts'],
  // Integration tests share one PostgreSQL, Redis and Kafka; each test file makes its own
  // database / key prefix / topics, so files may still run in parallel.
  testTimeout: 30000,
};
