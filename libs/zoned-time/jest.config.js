module.exports = { ...require('../../jest.preset'), displayName: 'zoned-time', rootDir: __dirname };
