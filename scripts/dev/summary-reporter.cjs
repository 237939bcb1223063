// mocha's spec reporter, plus the plain closing line CI reads: "N passed, N failed".
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      // Spec registered its epilogue first, so this line comes last.
      process.stdout.write(`${runner.stats.passes} passed, ${runner.stats.failures} failed\n`);
    });
  }
}

module.exports = SummaryReporter;
