// @ts-nocheck
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, localDocumentsBucket, startDynamoDb, startS3, startSes } from '../../infra/local/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sesEndpoint: string;
    s3Endpoint: string;
    documentsBucket: string;
    signingKeyFile: string;
  }
}

/** Starts the emulators once for the whole run and hands their endpoints to every test file. */
export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(join(tmpdir(), 'epa-tests-'));
  const signingKeyFile = join(workDir, 'signing-key');
  await writeFile(signingKeyFile, randomBytes(48).toString('base64url'));
  const [dynamo, ses, s3] = await Promise.all([
    startDynamoDb({ port: await freePort(), dbPath: null }),
    startSes({ port: await freePort() }),
    // One bucket for the run: object keys start with the event id, so test files never collide.
    startS3({ port: await freePort(), directory: join(workDir, 's3'), corsOrigins: ['https://app.example.com'] }),
  ]);
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('documentsBucket', localDocumentsBucket);
  project.provide('signingKeyFile', signingKeyFile);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop(), s3.stop()]);
    await rm(workDir, { recursive: true, force: true });
  };
}
