import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/emulators.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { resetDbForTests } from '../../shared/data/client.ts';
import { testEventBus } from './event-bus.ts';

/**
 * Per test file: the same variables the stack sets on a function, pointing at the emulators, and a
 * fresh table of its own created from the shared table definition.
 */
const tableName = `test-${randomUUID()}`;
Object.assign(process.env, {
  TABLE_NAME: tableName,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
  SES_ENDPOINT: inject('sesEndpoint'),
  S3_ENDPOINT: inject('s3Endpoint'),
  DOCUMENTS_BUCKET: inject('documentsBucket'),
  SIGNING_KEY_FILE: inject('signingKeyFile'),
  // scrypt at OWASP's N=2^17 costs ~0.8 s per hash; tests use 2^12. Stored parameters keep verification honest.
  SCRYPT_LOG_N: '12',
  // The daily quota of emails to guests (200 for a new account) would stop tests that send big batches from
  // fresh accounts; tests/integration/invitations-quota.test.ts sets the real values it tests.
  SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: '1000000',
  LOG_LEVEL: 'silent',
  CORS_ALLOWED_ORIGINS: 'https://app.example.com',
  EVENT_BUS_NAME: testEventBus.busName,
  EVENTBRIDGE_ENDPOINT: testEventBus.endpoint,
});
resetConfigForTests();
resetDbForTests();
await ensureTable(inject('dynamoDbEndpoint'), tableName);
