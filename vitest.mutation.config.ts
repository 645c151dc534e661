import { defineConfig } from 'vitest/config';
import { unitFilesNeedingEmulators } from './tests/support/test-sets.ts';

/**
 * The unit tests alone, without the emulators' global setup: what Stryker runs against each mutant of the
 * pure rules (`npm run test:mutation`). The files excluded (tests/support/test-sets.ts) need the emulators or the
 * configuration that tests/support/environment.ts sets up; none of them tests shared/domain.
 */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    exclude: unitFilesNeedingEmulators,
    pool: 'forks',
  },
});
