// One jest run over every project (what `npm test` uses); `nx run <project>:test` runs one.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/services/*/jest.config.js', '<rootDir>/tests/*/jest.config.js'],
};
