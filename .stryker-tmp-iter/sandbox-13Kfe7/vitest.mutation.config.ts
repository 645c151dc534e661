// @ts-nocheck
import { defineConfig } from 'vitest/config';

/**
 * The unit tests alone, without the emulators' global setup: what Stryker runs against each mutant of the
 * pure rules (`npm run test:mutation`). The files excluded here need the emulators or the configuration
 * that tests/support/environment.ts sets up; none of them tests shared/domain.
 */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    exclude: [
      'tests/unit/auth-insert-user.test.ts',
      'tests/unit/auth-user-view.test.ts',
      'tests/unit/publish-after-commit.test.ts',
      'tests/unit/realtime.test.ts',
      'tests/unit/transact.test.ts',
      'tests/unit/api-contract.test.ts',
      'tests/unit/authorizer.test.ts',
      'tests/unit/local-server.test.ts',
      'tests/unit/passwords.test.ts',
    ],
    pool: 'forks',
  },
});
