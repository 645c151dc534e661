import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/emulators.ts';
import { forgetConfigAndClients } from '../../infra/local/function-clients.ts';
import { localKeyEnv, localKeyFiles } from '../../infra/local/keys.ts';
import { localPowertoolsEnv } from '../../infra/local/powertools-env.ts';
import { watchPendingOutbox } from './domain-event-feed.ts';
import { testEventBus } from './event-bus.ts';
import { noteSesLogAtFileStart } from './ses-file-start.ts';

/**
 * Per test file: the same variables the stack sets on a function, pointing at the emulators, and a
 * fresh table of its own created from the shared table definition.
 */
const tableName = `test-${randomUUID()}`;
// The file before this one in the process (vitest.config.ts, `isolate: false`) may have left deliveries in
// flight, or refusals it asked the bus for and did not use: neither may reach this file's table.
await testEventBus.deliveriesIdle();
testEventBus.failNext(0);
restoreProcessEnv();
Object.assign(process.env, {
  TABLE_NAME: tableName,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
  SES_ENDPOINT: inject('sesEndpoint'),
  S3_ENDPOINT: inject('s3Endpoint'),
  DOCUMENTS_BUCKET: inject('documentsBucket'),
  ...localKeyEnv(localKeyFiles(inject('keysDir'))),
  // scrypt at OWASP's N=2^17 costs ~0.8 s per hash; tests use 2^12. Stored parameters keep verification honest.
  SCRYPT_LOG_N: '12',
  // The daily quota of emails to guests (200 for a new account) would stop tests that send big batches from
  // fresh accounts; tests/integration/invitations-quota.test.ts sets the real values it tests.
  SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: '1000000',
  // In-process handlers answer far faster than a person clicks, all from one address: the per-user and
  // per-address throttles would stop them; tests/integration/request-throttle.test.ts sets real ones.
  USER_REQUESTS_PER_MINUTE: '1000000',
  SOURCE_REQUESTS_PER_MINUTE: '1000000',
  LOG_LEVEL: 'silent',
  CORS_ALLOWED_ORIGINS: 'https://app.example.com',
  EVENT_BUS_NAME: testEventBus.busName,
  EVENTBRIDGE_ENDPOINT: testEventBus.endpoint,
  ...localPowertoolsEnv,
});
forgetConfigAndClients();
// The outbox partitions this file's writes name, for `testEventBus.idle()` (tests/support/domain-event-feed.ts).
watchPendingOutbox();
await Promise.all([ensureTable(inject('dynamoDbEndpoint'), tableName), noteSesLogAtFileStart(inject('sesEndpoint'))]);

/**
 * A process runs many files (vitest.config.ts, `isolate: false`): each starts from the variables the
 * process started with, whatever the file before it set (a local stack, a limit it tested).
 */
function restoreProcessEnv() {
  const holder = globalThis as typeof globalThis & { epaStartingEnv?: Record<string, string | undefined> };
  holder.epaStartingEnv ??= { ...process.env };
  const starting = holder.epaStartingEnv;
  for (const name of Object.keys(process.env)) if (!(name in starting)) delete process.env[name];
  Object.assign(process.env, starting);
}
