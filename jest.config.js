// One jest run over the projects that can share the servers (`npx jest`); `npm test` runs
// them through Nx, then the ones that stop servers (gateway fault tests, tests/cluster) alone.
module.exports = {
  projects: [
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/services/*/jest.config.js',
    '<rootDir>/tests/deploy/jest.config.js',
    '<rootDir>/tests/e2e/jest.config.js',
  ],
};
