import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDb, startSes } from '../../infra/local/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sesEndpoint: string;
    signingKeyFile: string;
  }
}

/** Starts the emulators once for the whole run and hands their endpoints to every test file. */
export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(join(tmpdir(), 'epa-tests-'));
  const signingKeyFile = join(workDir, 'signing-key');
  await writeFile(signingKeyFile, randomBytes(48).toString('base64url'));
  const [dynamo, ses] = await Promise.all([
    startDynamoDb({ port: await freePort(), dbPath: null }),
    startSes({ port: await freePort() }),
  ]);
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  project.provide('signingKeyFile', signingKeyFile);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop()]);
    await rm(workDir, { recursive: true, force: true });
  };
}
