module.exports = { ...require('../../jest.preset'), displayName: 'realtime-log', rootDir: __dirname };
