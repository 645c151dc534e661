import { configDefaults, defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './tests/support/slow-first-sequencer.ts';
import { isolatedFiles, longOnlyFiles, unitFilesNeedingEmulators } from './tests/support/test-sets.ts';

/**
 * Two runs over the folders of tests/ (unit, integration, e2e, infra):
 * - `unit`: the pure unit tests, without the emulators and without a table or an event bus per file;
 * - `emulators`: everything else. DynamoDB Local, the SES and the S3 emulators start once per run in the
 *   global setup; each test file gets its own table, so files run in parallel safely. A process runs
 *   file after file with the modules it has loaded (`isolate: false`), which halves the run's CPU time;
 * - `emulators-isolated`: the few files that replace modules, each from fresh modules
 *   (tests/support/test-sets.ts says which and why).
 *
 * - `npm test` (TEST_SET unset): everything but the long runs, with coverage of shared/ and functions/
 *   (scripts/test.ts turns coverage on for a whole run only: a single file would fall under the floor).
 * - `npm run test:long` (TEST_SET=long): the runs that take minutes by design (a server killed in the
 *   middle of a 2,000-invitation batch, the demo world, 1,500 batches of the route fuzzer). CI runs both.
 */
const longRuns = process.env.TEST_SET === 'long';
const workers = Number(process.env.TEST_WORKERS ?? 4);

const withEmulators = {
  name: 'emulators',
  globalSetup: ['tests/support/global-setup.ts'],
  setupFiles: ['tests/support/environment.ts'],
};

const unit = {
  name: 'unit',
  poolOptions: { forks: { isolate: true } },
  include: ['tests/unit/**/*.test.ts'],
  exclude: [...configDefaults.exclude, ...unitFilesNeedingEmulators],
};

const everythingElse = {
  ...withEmulators,
  include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/infra/**/*.test.ts', ...unitFilesNeedingEmulators],
  exclude: [...configDefaults.exclude, ...longOnlyFiles, ...isolatedFiles],
  // Each file still gets its own table, variables and clients (tests/support/environment.ts).
  poolOptions: { forks: { isolate: false } },
};

const isolated = {
  ...withEmulators,
  name: 'emulators-isolated',
  include: isolatedFiles,
  setupFiles: [...withEmulators.setupFiles, 'tests/support/fresh-modules.ts'],
  poolOptions: { forks: { isolate: true } },
};

const long = { ...withEmulators, include: [...longOnlyFiles, 'tests/integration/fuzz-routes.test.ts'], poolOptions: { forks: { isolate: true } } };

export default defineConfig({
  test: {
    projects: (longRuns ? [long] : [unit, everythingElse, isolated]).map((test) => ({ extends: true, test })),
    env: longRuns ? { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '1500', FUZZ_SEED: process.env.FUZZ_SEED ?? '20261205' } : {},
    // Generous: a deadline is for a hang, not a speed check; a loaded 2-core machine (Chromium, the JVM)
    // can make a healthy test take many times its usual time. Speed lives in `npm run bench`.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The pool reuses its processes (one per worker, not one per file); each project above says whether a
    // file starts from fresh modules and mocks in that process (`isolate: true`) or inherits them.
    poolOptions: { forks: { isolate: false } },
    sequence: { sequencer: SlowFirstSequencer },
    // vitest's default on 2 CPUs is one file at a time; most of a file's time is spent waiting on the
    // emulators (other processes), so a few files at once keep both CPUs busy: 4 measured best on this
    // 2-core machine (more only share the same two CPUs). TEST_WORKERS overrides.
    maxWorkers: workers,
    // As many as the most: a pool that lets an idle process go while it also recycles them between projects
    // terminates one twice and fails the run with "Terminating worker thread" (vitest 3.2, tinypool 1.1).
    minWorkers: workers,
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
