// Unit tests (*.test.ts) sit beside the code; integration tests (*.int.test.ts) talk to the real
// local stack that `npm test` brings up first.
module.exports = {
  require: ['tsx/cjs', './src/testing/global-setup.ts'],
  spec: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
  extension: ['ts'],
  reporter: './scripts/dev/summary-reporter.cjs',
  timeout: 30000,
  slow: 2000,
  exit: true,
};
