module.exports = { ...require('../../jest.preset'), displayName: 'floor', rootDir: __dirname };
