import type { FullResult, Reporter, Suite } from '@playwright/test/reporter';

/**
 * The closing line `npm test` adds up: "N passed, N failed". A test that did not pass (failed,
 * timed out, skipped after an earlier failure, or flaky) counts as failed; a run that could not
 * start its tests (global setup failed) counts as one failure.
 */
export default class SummaryReporter implements Reporter {
  private root: Suite | undefined;

  onBegin(_config: unknown, suite: Suite): void {
    this.root = suite;
  }

  onEnd(result: FullResult): void {
    const tests = this.root?.allTests() ?? [];
    const passed = tests.filter((test) => test.outcome() === 'expected').length;
    let failed = tests.length - passed;
    if (failed === 0 && result.status !== 'passed') failed = 1;
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
