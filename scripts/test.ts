import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTests, type JsonReport, summaryLine, type TestCounts } from './test-counts.ts';

/**
 * `npm test`: one vitest run over tests/ (unit, integration, e2e, infra) but the long runs, with coverage
 * of shared/ and functions/ held to its floor (vitest.config.ts); `npm run test:long` (`--long`): the long
 * runs alone. The output is streamed as it comes, then a last line `tests: N passed, M failed` counted
 * from vitest's JSON report (scripts/test-counts.ts) and the run's wall time. Fails when anything failed
 * or when no test ran at all. Extra arguments go to vitest (`npm test -- tests/unit`, without coverage).
 * COUNTS_FILE=<path> also writes the counts there as JSON (.ci/run adds both runs into one line).
 */
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function runVitest(reportFile: string, extraArgs: string[], long: boolean): Promise<number> {
  const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const child = spawn(
    process.execPath,
    [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...extraArgs],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      // Documented switch for the AWS SDK's notice that Node.js 20 support ends (aws/aws-sdk-js-v3#7983).
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...(long ? { TEST_SET: 'long' } : {}) },
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

async function readCounts(reportFile: string): Promise<TestCounts | null> {
  try {
    return countTests(JSON.parse(await readFile(reportFile, 'utf8')) as JsonReport);
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
const long = args.includes('--long');
const vitestArgs = args.filter((arg) => arg !== '--long');
// Coverage and its floor for a whole run only: a part of the suite covers less by design.
if (!long && vitestArgs.length === 0) vitestArgs.push('--coverage.enabled');

const started = performance.now();
const workDir = await mkdtemp(join(tmpdir(), 'epa-test-report-'));
const reportFile = join(workDir, 'vitest.json');
const exitCode = await runVitest(reportFile, vitestArgs, long);
const counts = await readCounts(reportFile);
await rm(workDir, { recursive: true, force: true });
const wallSeconds = (performance.now() - started) / 1000;

if (!counts) console.error('vitest wrote no report: it stopped before running the tests (see above).');
else if (counts.passed + counts.failed === 0) console.error('No test ran.');
else if (exitCode !== 0 && counts.failed === 0) console.error('vitest failed outside the tests: a coverage floor or an error above.');
const total: TestCounts = { passed: counts?.passed ?? 0, failed: counts?.failed ?? 0 };
if (process.env.COUNTS_FILE) await writeFile(process.env.COUNTS_FILE, JSON.stringify({ ...total, exitCode, wallSeconds }));
console.log(`${long ? 'test:long' : 'npm test'} took ${wallSeconds.toFixed(1)} s (wall)`);
console.log(summaryLine(total));
process.exit(exitCode === 0 && total.failed === 0 && total.passed > 0 ? 0 : 1);
