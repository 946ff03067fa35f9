module.exports = { ...require('../../jest.preset'), displayName: 'reservations', rootDir: __dirname };
