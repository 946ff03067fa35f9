module.exports = { ...require('../../jest.preset'), displayName: 'guests', rootDir: __dirname };
