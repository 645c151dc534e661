import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../../infra/local/stack.ts';

/**
 * The local stack for an end-to-end test file, started in-process on a free port exactly as `npm start`
 * starts it, except that it reuses the emulators of the test run and this file's own table (set up by
 * tests/support/environment.ts), and runs no schedules. `bundledFunctions`: the bundled mode. SES's events
 * are fed from the stack's start: the run's emulator holds every earlier file's mail (thousands of events by
 * the end of `npm test`, each one a call of the email-events function and DynamoDB's if fed from the first).
 */
export async function startTestStack(options: Pick<LocalStackOptions, 'bundledFunctions'> = {}): Promise<LocalStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'epa-e2e-'));
  const stack = await startLocalStack({
    port: 0,
    tableName: process.env.TABLE_NAME as string,
    dataDir,
    emulators: { reuse: { dynamoDbEndpoint: inject('dynamoDbEndpoint'), sesEndpoint: inject('sesEndpoint'), s3Endpoint: inject('s3Endpoint') } },
    keysDir: inject('keysDir'),
    corsAllowedOrigins: process.env.CORS_ALLOWED_ORIGINS as string,
    region: 'us-east-1',
    schedules: false,
    sesEventsFrom: 'latest',
    extraEnv: { LOG_LEVEL: 'silent', SCRYPT_LOG_N: process.env.SCRYPT_LOG_N ?? '12' },
    ...options,
  });
  return {
    ...stack,
    stop: async () => {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
