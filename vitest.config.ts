import { configDefaults, defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './tests/support/slow-first-sequencer.ts';
import { longOnlyFiles, unitFilesNeedingEmulators } from './tests/support/test-sets.ts';

/**
 * Two runs over the folders of tests/ (unit, integration, e2e, infra), each in two projects:
 * - `unit`: the pure unit tests, without the emulators and without a table or an event bus per file;
 * - `emulators`: everything else. DynamoDB Local, the SES and the S3 emulators start once per run in the
 *   global setup; each test file gets its own table, so files run in parallel safely.
 *
 * - `npm test` (TEST_SET unset): everything but the long runs, with coverage of shared/ and functions/
 *   (scripts/test.ts turns coverage on for a whole run only: a single file would fall under the floor).
 * - `npm run test:long` (TEST_SET=long): the runs that take minutes by design (a server killed in the
 *   middle of a 2,000-invitation batch, the demo world, 1,500 batches of the route fuzzer). CI runs both.
 */
const longRuns = process.env.TEST_SET === 'long';

const withEmulators = {
  name: 'emulators',
  globalSetup: ['tests/support/global-setup.ts'],
  setupFiles: ['tests/support/environment.ts'],
};

const unit = {
  name: 'unit',
  include: ['tests/unit/**/*.test.ts'],
  exclude: [...configDefaults.exclude, ...unitFilesNeedingEmulators],
};

const everythingElse = {
  ...withEmulators,
  include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/infra/**/*.test.ts', ...unitFilesNeedingEmulators],
  exclude: [...configDefaults.exclude, ...longOnlyFiles],
};

const long = { ...withEmulators, include: [...longOnlyFiles, 'tests/integration/fuzz-routes.test.ts'] };

export default defineConfig({
  test: {
    projects: (longRuns ? [long] : [unit, everythingElse]).map((test) => ({ extends: true, test })),
    env: longRuns ? { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '1500', FUZZ_SEED: process.env.FUZZ_SEED ?? '20261205' } : {},
    // Generous: a deadline is for a hang, not a speed check; a loaded 2-core machine (Chromium, the JVM)
    // can make a healthy test take many times its usual time. Speed lives in `npm run bench`.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    sequence: { sequencer: SlowFirstSequencer },
    // vitest's default on 2 CPUs is one file at a time; most of a file's time is spent waiting on the
    // emulators (other processes), so a few files at once keep both CPUs busy. TEST_WORKERS overrides.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
    minWorkers: 1,
    reporters: ['default'],
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts', 'functions/**/*.ts'],
      reporter: ['text-summary'],
      // The floor: coverage cannot drop below it without a red run. Measured on 2026-12-05 (whole
      // `npm test`): 96.99% of lines, 89.24% of branches.
      thresholds: { lines: 96.5, branches: 89 },
    },
  },
});
