import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureLocalKeys } from '../../infra/local/keys.ts';
import { localDocumentsBucket, startDynamoDb, startS3, startSes } from '../../infra/local/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sesEndpoint: string;
    s3Endpoint: string;
    documentsBucket: string;
    keysDir: string;
    /** Where the stack's bundles are built once for the run (tests/support/stack-bundles.ts). */
    stackBundlesDir: string;
    /** Scratch folders of the run (CDK's cloud assemblies, dead letters): gone with the run's teardown. */
    scratchDir: string;
  }
}

type Emulators = { endpoints: Endpoints; stop: () => Promise<void> };
type Endpoints = { dynamoDbEndpoint: string; sesEndpoint: string; s3Endpoint: string; keysDir: string; stackBundlesDir: string; scratchDir: string };

async function startEmulators(): Promise<Emulators> {
  const workDir = await mkdtemp(join(tmpdir(), 'epa-tests-'));
  const keysDir = join(workDir, 'keys');
  await ensureLocalKeys(keysDir);
  const scratchDir = join(workDir, 'scratch');
  await mkdir(scratchDir);
  const [dynamo, ses, s3] = await Promise.all([
    startDynamoDb({ port: 0, dbPath: null }),
    startSes({ port: 0 }),
    // One bucket for the run: object keys start with the event id, so test files never collide.
    startS3({ port: 0, directory: join(workDir, 's3'), corsOrigins: ['https://app.example.com'] }),
  ]);
  return {
    endpoints: { dynamoDbEndpoint: dynamo.endpoint, sesEndpoint: ses.endpoint, s3Endpoint: s3.endpoint, keysDir, stackBundlesDir: join(workDir, 'stack-bundles'), scratchDir },
    stop: async () => {
      await Promise.all([dynamo.stop(), ses.stop(), s3.stop()]);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * Both projects with the emulators (vitest.config.ts) run this setup, each with its own copy of this
 * module; the run keeps one set of emulators on globalThis, stopped when the last project is done.
 */
const shared = globalThis as typeof globalThis & { epaTestEmulators?: { running: Promise<Emulators>; users: number } };

/** Starts the emulators once for the whole run and hands their endpoints to every test file. */
export default async function setup(project: TestProject) {
  shared.epaTestEmulators ??= { running: startEmulators(), users: 0 };
  const holder = shared.epaTestEmulators;
  holder.users += 1;
  const { endpoints } = await holder.running;
  project.provide('dynamoDbEndpoint', endpoints.dynamoDbEndpoint);
  project.provide('sesEndpoint', endpoints.sesEndpoint);
  project.provide('s3Endpoint', endpoints.s3Endpoint);
  project.provide('documentsBucket', localDocumentsBucket);
  project.provide('keysDir', endpoints.keysDir);
  project.provide('stackBundlesDir', endpoints.stackBundlesDir);
  project.provide('scratchDir', endpoints.scratchDir);
  return async () => {
    holder.users -= 1;
    if (holder.users > 0) return;
    shared.epaTestEmulators = undefined;
    await (await holder.running).stop();
  };
}
