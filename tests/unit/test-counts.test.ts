import { describe, expect, it } from 'vitest';
import { addCounts, countTests, type JsonReport, summaryLine } from '../../scripts/test-counts.ts';

/** A JSON report as vitest writes it, reduced to the fields the count reads. */
function report(files: Array<{ status: 'passed' | 'failed'; tests: string[] }>): JsonReport {
  const all = files.flatMap((file) => file.tests);
  return {
    numPassedTests: all.filter((status) => status === 'passed').length,
    numFailedTests: all.filter((status) => status === 'failed').length,
    testResults: files.map((file, index) => ({ name: `file-${index}.test.ts`, status: file.status, assertionResults: file.tests.map((status) => ({ status })) })),
  };
}

describe("npm test's summary counts", () => {
  it('counts passed and failed tests as vitest reports them', () => {
    const counts = countTests(report([{ status: 'passed', tests: ['passed', 'passed'] }, { status: 'failed', tests: ['passed', 'failed'] }]));

    expect(counts).toEqual({ passed: 3, failed: 1 });
  });

  it('counts the tests of a file whose beforeAll failed (reported as skipped) as failed', () => {
    const counts = countTests(report([{ status: 'passed', tests: ['passed'] }, { status: 'failed', tests: ['skipped', 'skipped', 'skipped'] }]));

    expect(counts).toEqual({ passed: 1, failed: 3 });
  });

  it('counts a file that failed with no test run or failed in it (a load error, an afterAll) as one failed', () => {
    const counts = countTests(report([{ status: 'failed', tests: [] }, { status: 'failed', tests: ['passed'] }]));

    expect(counts).toEqual({ passed: 1, failed: 2 });
  });

  it('leaves skipped tests of a passing file out of both counts', () => {
    const counts = countTests(report([{ status: 'passed', tests: ['passed', 'skipped'] }]));

    expect(counts).toEqual({ passed: 1, failed: 0 });
  });

  it('adds two runs into one summary line', () => {
    expect(summaryLine(addCounts({ passed: 5, failed: 1 }, { passed: 2, failed: 0 }))).toBe('tests: 7 passed, 1 failed');
  });
});
