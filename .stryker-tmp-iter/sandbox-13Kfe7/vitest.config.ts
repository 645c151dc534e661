// @ts-nocheck
import { defineConfig } from 'vitest/config';

/**
 * One run, four kinds of test (folders under tests/). DynamoDB Local and the SES emulator start once per
 * run in the global setup; each test file gets its own table, so files run in parallel safely.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/environment.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
