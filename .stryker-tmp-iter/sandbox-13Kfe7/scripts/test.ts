// @ts-nocheck
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm test`: one vitest run over everything under tests/ (unit, integration, e2e, infra), its output
 * streamed as it comes, then a last line `tests: N passed, M failed` counted from vitest's JSON report.
 * Fails when anything failed or when no test ran at all. Extra arguments go to vitest
 * (`npm test -- tests/unit`).
 */
type JsonReport = {
  numPassedTests: number;
  numFailedTests: number;
  testResults: Array<{ name: string; status: string; assertionResults: unknown[] }>;
};

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function runVitest(reportFile: string, extraArgs: string[]): Promise<number> {
  const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const child = spawn(
    process.execPath,
    [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...extraArgs],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      // Documented switch for the AWS SDK's notice that Node.js 20 support ends (aws/aws-sdk-js-v3#7983).
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  // Ctrl-C reaches vitest too (same terminal); forwarding covers a signal sent to this process alone.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`Could not run vitest: ${error.message}`);
      resolve(1);
    });
  });
}

/** Counts from the report. A file that failed before any of its tests ran counts as one failed test. */
async function countTests(reportFile: string): Promise<{ passed: number; failed: number } | null> {
  try {
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as JsonReport;
    const filesFailedWithoutTests = report.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    ).length;
    return { passed: report.numPassedTests, failed: report.numFailedTests + filesFailedWithoutTests };
  } catch {
    return null;
  }
}

const workDir = await mkdtemp(join(tmpdir(), 'epa-test-report-'));
const reportFile = join(workDir, 'vitest.json');
const exitCode = await runVitest(reportFile, process.argv.slice(2));
const counts = await countTests(reportFile);
await rm(workDir, { recursive: true, force: true });

if (!counts) console.error('vitest wrote no report: it stopped before running the tests (see above).');
else if (counts.passed + counts.failed === 0) console.error('No test ran.');
const passed = counts?.passed ?? 0;
const failed = counts?.failed ?? 0;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(exitCode === 0 && failed === 0 && passed > 0 ? 0 : 1);
