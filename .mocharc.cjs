// Unit tests (*.test.ts) sit beside the code; integration tests (*.int.test.ts) talk to the real
// local stack that `npm test` brings up first.
// Files named on the command line (npx mocha src/x.int.test.ts) run alone; otherwise the suite.
const named = process.argv.slice(2).some((arg) => /\.test\.ts$/.test(arg));

module.exports = {
  require: ['tsx/cjs', './src/testing/global-setup.ts'],
  ...(named ? {} : { spec: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] }),
  extension: ['ts'],
  reporter: './scripts/dev/summary-reporter.cjs',
  timeout: 30000,
  slow: 2000,
  exit: true,
};
