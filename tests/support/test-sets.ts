/**
 * Which test files need what. Most unit tests need neither the emulators nor a table: they run in a
 * project of their own without the per-file setup (a table and an event bus each), which is most of a
 * small file's time. The unit files listed here read the functions' configuration or talk to the
 * emulators, so they run with the integration tests' setup.
 */
export const unitFilesNeedingEmulators = [
  'tests/unit/auth-insert-user.test.ts',
  'tests/unit/auth-user-view.test.ts',
  'tests/unit/publish-after-commit.test.ts',
  'tests/unit/realtime.test.ts',
  'tests/unit/transact.test.ts',
  'tests/unit/api-contract.test.ts',
  'tests/unit/authorizer.test.ts',
  'tests/unit/local-server.test.ts',
  'tests/unit/passwords.test.ts',
];

/** Runs that take minutes by design: `npm run test:long` (CI runs it too). */
export const longOnlyFiles = ['tests/e2e/crash-mid-batch.test.ts', 'tests/e2e/demo.test.ts'];
