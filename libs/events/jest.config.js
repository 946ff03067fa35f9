module.exports = { ...require('../../jest.preset'), displayName: 'events', rootDir: __dirname };
