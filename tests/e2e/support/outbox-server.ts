import { createLogger } from '../../../shared/logger.ts';
import { runScheduleNow } from '../../../infra/local/schedules.ts';
import { startLocalStack } from '../../../infra/local/stack.ts';

/**
 * The local server of tests/e2e/crash-mid-batch.test.ts, run as a child process so the test can kill it
 * with SIGKILL: the stack of `npm start` (API and functions in this process) against emulators the test
 * started and keeps, with the outbox schedule played every POLL_MS instead of every minute (the test
 * cannot wait minutes). Prints `ready <apiUrl>` once the API answers.
 *
 * Variables: PORT (0: the server binds a free one), TABLE_NAME, DATA_DIR, KEYS_DIR, DYNAMODB_ENDPOINT, SES_ENDPOINT, S3_ENDPOINT,
 * and OUTBOX_LEASE_SECONDS and SES_SEND_EVENT_GRACE_SECONDS (read by the outbox function itself).
 */
const POLL_MS = 250;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const stack = await startLocalStack({
  port: Number(required('PORT')),
  tableName: required('TABLE_NAME'),
  dataDir: required('DATA_DIR'),
  emulators: { reuse: { dynamoDbEndpoint: required('DYNAMODB_ENDPOINT'), sesEndpoint: required('SES_ENDPOINT'), s3Endpoint: required('S3_ENDPOINT') } },
  keysDir: required('KEYS_DIR'),
  corsAllowedOrigins: 'https://app.example.com',
  region: 'us-east-1',
  schedules: false,
  extraEnv: { LOG_LEVEL: 'warn', SCRYPT_LOG_N: '12', OUTBOX_LEASE_SECONDS: required('OUTBOX_LEASE_SECONDS') },
});
console.log(`ready ${stack.apiUrl}`);

const log = createLogger({ component: 'outbox-server' }, 'warn');
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
  void stack.stop().then(() => process.exit(0));
});

while (!stopping) {
  try {
    const run = (await runScheduleNow('outbox')) as { invitations_sent: number; failures: number; errors: number };
    if (run.invitations_sent + run.failures + run.errors > 0) console.log(`run ${JSON.stringify(run)}`);
  } catch (error) {
    log.error('outbox run failed', { message: (error as Error).message });
  }
  await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}
