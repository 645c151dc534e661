/**
 * The `tests: N passed, M failed` counts of `npm test`, from vitest's JSON report. vitest counts the tests
 * of a file whose `beforeAll` (or a describe's) threw as skipped, and a file that failed to load as having
 * no tests at all; both are failures of the run, so both count as failed here: every skipped test of a
 * failed file, or the file itself as one when it failed with nothing failed or skipped in it.
 */
export type JsonReport = {
  numPassedTests: number;
  numFailedTests: number;
  testResults: Array<{ name: string; status: string; assertionResults: Array<{ status: string }> }>;
};

export type TestCounts = { passed: number; failed: number };

export function countTests(report: JsonReport): TestCounts {
  let failed = report.numFailedTests;
  for (const file of report.testResults) {
    if (file.status !== 'failed') continue;
    const statuses = file.assertionResults.map((test) => test.status);
    const notRun = statuses.filter((status) => status === 'skipped' || status === 'pending').length;
    if (notRun > 0) failed += notRun;
    else if (!statuses.includes('failed')) failed += 1;
  }
  return { passed: report.numPassedTests, failed };
}

/** Two runs (`npm test` then `npm run test:long` in CI) as one line. */
export const addCounts = (a: TestCounts, b: TestCounts): TestCounts => ({ passed: a.passed + b.passed, failed: a.failed + b.failed });

export const summaryLine = ({ passed, failed }: TestCounts): string => `tests: ${passed} passed, ${failed} failed`;

