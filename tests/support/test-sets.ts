/**
 * Which test files need what. Most unit tests need neither the emulators nor a table: they run in a
 * project of their own without the per-file setup (a table and an event bus each), which is most of a
 * small file's time. The unit files listed here read the functions' configuration or talk to the
 * emulators, so they run with the integration tests' setup.
 */
export const unitFilesNeedingEmulators = [
  'tests/unit/auth-insert-user.test.ts',
  'tests/unit/auth-user-view.test.ts',
  'tests/unit/domain-event-stream.test.ts',
  'tests/unit/realtime.test.ts',
  'tests/unit/transact.test.ts',
  'tests/unit/api-contract.test.ts',
  'tests/unit/authorizer.test.ts',
  'tests/unit/local-server.test.ts',
  'tests/unit/passwords.test.ts',
];

/**
 * Files that replace modules (`vi.mock`): they run in a project whose files each start from fresh
 * modules. Every other file with the emulators shares its process's loaded modules with the files run
 * before it there (vitest's `isolate: false`): loading the AWS SDK, zod and the handlers once per process
 * instead of once per file halves the CPU time of `npm test`. What such a file changes, it leaves as it
 * found it: tests/support/environment.ts restores the variables for each file and forgets the
 * configuration and every SDK client built from them (infra/local/function-clients.ts); fault injectors
 * (tests/support/fault-injection.ts) are removed after each test; spies are restored after each file.
 * tests/unit/test-sets.test.ts fails when a file that replaces modules is missing here.
 */
export const isolatedFiles = [
  'tests/unit/auth-insert-user.test.ts',
  'tests/unit/passwords.test.ts',
  'tests/unit/domain-event-stream.test.ts',
  'tests/unit/transact.test.ts',
  'tests/integration/auth-password-cost.test.ts',
];

/** Runs that take minutes by design: `npm run test:long` (CI runs it too). */
export const longOnlyFiles = ['tests/e2e/crash-mid-batch.test.ts', 'tests/e2e/demo.test.ts'];

/**
 * The files that take longest (measured 2026-12-05, whole `npm test`), slowest first. They start first,
 * so the run does not end on one long file while the other workers idle; on a fresh clone vitest has no
 * timing cache of its own to order by. A file missing here only starts later.
 */
export const slowFiles = [
  'tests/e2e/bundled-stack.test.ts',
  'tests/integration/invitations-batch.test.ts',
  'tests/integration/permission-matrix-groups.test.ts',
  'tests/integration/contract.test.ts',
  'tests/integration/security-mass-assignment.test.ts',
  'tests/integration/rsvp-concurrency.test.ts',
  'tests/integration/faults-api.test.ts',
  'tests/e2e/local-stack.test.ts',
  'tests/integration/faults-outbox.test.ts',
  'tests/integration/permission-matrix-fields.test.ts',
  'tests/e2e/api-docs.test.ts',
  'tests/e2e/party-page.test.ts',
  'tests/e2e/realtime.test.ts',
  'tests/e2e/invitations.test.ts',
  'tests/e2e/team-invitation-page.test.ts',
  'tests/e2e/rsvp-page-sub-events.test.ts',
  'tests/integration/auth-passwords.test.ts',
  'tests/infra/nag.test.ts',
];
