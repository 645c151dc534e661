import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { config } from '../../shared/config.ts';
import { createLogger } from '../../shared/logger.ts';
import { localPowertoolsEnv } from './powertools-env.ts';
import { assertJavaInstalled, ensureTable, localDocumentsBucket, type Running, startDynamoDb, startS3, startSes } from './emulators.ts';
import { localDeadLetters } from './dead-letters.ts';
import { localEventBusName, startLocalEventBus } from './event-bus.ts';
import { forgetConfigAndClients } from './function-clients.ts';
import { loadFunctionsFrom, repoRoot } from './function-entries.ts';
import { assertPortFree } from './ports.ts';
import { type RunningSchedules, startSchedules } from './schedules.ts';
import { startTableStreamFeed } from './table-stream.ts';
import { startSesEventFeed } from './ses-events.ts';
import { type RunningApiServer, startApiServer } from './server.ts';
import { ensureLocalKeys, localKeyEnv } from './keys.ts';
import { type RunningWebSocketServer, startWebSocketServer } from './websocket.ts';


/**
 * The whole local stack, in the order the cloud has it ready: storage and mail first, then the
 * functions' environment, then the API and the schedules. `npm start` and the end-to-end tests both
 * start it from here; the tests hand in the emulators their run already started.
 */
export const defaultDataDir = join(repoRoot, '.data');

/** What a running stack publishes for one-off commands (`npm run schedule:run`). */
export const stateFilePath = (dataDir: string): string => join(dataDir, 'local-stack.json');
export type LocalStackState = { pid: number; apiUrl: string; env: Record<string, string> };

/** Problems with the machine (no Java, a port taken): shown as a message, never as a stack trace. */
export class LocalStackSetupError extends Error {}

export type EmulatorChoice =
  /** A port of 0: a free one, chosen again if taken before the emulator binds it (emulators.ts `onPort`). */
  | { start: { dynamoDbPort: number; sesPort: number; s3Port: number; inMemory: boolean } }
  | { reuse: { dynamoDbEndpoint: string; sesEndpoint: string; s3Endpoint: string } };

export type LocalStackOptions = {
  /** 0: the API binds a free port itself (no window for another process to take it). */
  port: number;
  tableName: string;
  /** Absolute; holds the key material, DynamoDB's files (unless in memory) and the state file. */
  dataDir: string;
  emulators: EmulatorChoice;
  corsAllowedOrigins: string;
  region: string;
  schedules: boolean;
  /** Where the key material is (infra/local/keys.ts); the data folder when absent. */
  keysDir?: string;
  /** The WebSocket API's port (real-time updates); 0 or absent: it binds a free port itself. */
  webSocketPort?: number;
  /** More variables for the functions (LOG_LEVEL, SCRYPT_LOG_N in tests). */
  extraEnv?: Record<string, string>;
  /**
   * The bundled mode: every function runs from the bundles built here as the stack builds them
   * (infra/function-bundles.ts buildStackBundles) instead of from the sources.
   */
  bundledFunctions?: string;
  /**
   * Where the SES events feed starts (infra/local/ses-events.ts): 'first' (the default) hands the function
   * every event the emulator kept, as a restarted stack catches up; 'latest' only the events after the
   * stack started, for an emulator shared with other stacks (the test run's, reused by each test file).
   */
  sesEventsFrom?: 'first' | 'latest';
};

export type LocalStack = {
  apiUrl: string;
  healthUrl: string;
  /** The WebSocket API (`?token=<access token>`); its management API is the same port over http. */
  webSocketUrl: string;
  dynamoDbEndpoint: string;
  sesEndpoint: string;
  s3Endpoint: string;
  dataDir: string;
  dynamoDbPath: string | null;
  schedules: string[];
  env: Record<string, string>;
  /** Resolves once every domain event committed so far went through the table's stream and the bus delivered it (the bench's meter waits on it). */
  eventBusIdle: () => Promise<void>;
  /** Holds (true) or releases (false) the table stream's polling; `eventBusIdle` still delivers (infra/local/table-stream.ts `hold`). */
  holdDomainEvents: (held: boolean) => void;
  stop: () => Promise<void>;
};

const HEALTH_TIMEOUT_MS = 30_000;
const SES_EVENTS_POLL_MS = 500;
/** Lambda polls a stream's shard about four times a second. */
const TABLE_STREAM_POLL_MS = 250;

/** Ports the caller named are checked up front, so a taken one is a message naming its variable. */
async function checkMachine(options: LocalStackOptions): Promise<void> {
  const named: Array<[number, string, string]> = [[options.port, 'API', 'PORT'], [options.webSocketPort ?? 0, 'WebSocket API', 'WEBSOCKET_PORT']];
  if ('start' in options.emulators) {
    try {
      assertJavaInstalled();
    } catch (error) {
      throw new LocalStackSetupError((error as Error).message);
    }
    const { dynamoDbPort, sesPort, s3Port } = options.emulators.start;
    named.push([dynamoDbPort, 'DynamoDB Local', 'DYNAMODB_PORT'], [sesPort, 'SES emulator', 'SES_PORT'], [s3Port, 'S3 emulator', 'S3_PORT']);
  }
  const checks = named.filter(([port]) => port !== 0).map(([port, service, variable]) => assertPortFree(port, service, variable));
  const failures = (await Promise.allSettled(checks)).filter((result) => result.status === 'rejected');
  if (failures.length > 0) {
    throw new LocalStackSetupError(failures.map((failure) => String((failure as PromiseRejectedResult).reason?.message)).join('\n'));
  }
}

async function startEmulators(choice: EmulatorChoice, dynamoDbPath: string | null, s3: { directory: string; corsOrigins: string[] }): Promise<Running[]> {
  if ('reuse' in choice) {
    return [
      { endpoint: choice.reuse.dynamoDbEndpoint, stop: async () => undefined },
      { endpoint: choice.reuse.sesEndpoint, stop: async () => undefined },
      { endpoint: choice.reuse.s3Endpoint, stop: async () => undefined },
    ];
  }
  const started = await Promise.allSettled([
    startDynamoDb({ port: choice.start.dynamoDbPort, dbPath: dynamoDbPath }),
    startSes({ port: choice.start.sesPort }),
    startS3({ port: choice.start.s3Port, ...s3 }),
  ]);
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(running.map((emulator) => emulator.stop()));
    throw failed.reason;
  }
  return running;
}

/** Sets the variables the stack sets on every function, and makes config and clients read them afresh. */
function setFunctionEnvironment(env: Record<string, string>): void {
  // Real credentials or a profile must never reach the emulators' clients by accident.
  for (const name of ['AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name];
  // Set once the servers listen; until then no value from an earlier stack in this process may linger.
  if (!env.PUBLIC_BASE_URL) delete process.env.PUBLIC_BASE_URL;
  if (!env.WEBSOCKET_ENDPOINT) delete process.env.WEBSOCKET_ENDPOINT;
  Object.assign(process.env, env);
  forgetConfigAndClients();
}

async function waitUntilHealthy(healthUrl: string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    const response = await fetch(healthUrl).catch((error: Error) => error);
    if (!(response instanceof Error) && response.ok) return;
    last = response instanceof Error ? response.message : `${response.status} ${await response.text()}`;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${healthUrl} did not answer ok within ${HEALTH_TIMEOUT_MS} ms; last answer: ${last}`);
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  await checkMachine(options);
  const dynamoDbPath = 'start' in options.emulators && !options.emulators.start.inMemory ? join(options.dataDir, 'dynamodb') : null;
  await mkdir(dynamoDbPath ?? options.dataDir, { recursive: true, mode: 0o700 });
  const keyFiles = await ensureLocalKeys(options.keysDir ?? options.dataDir);

  const stoppers: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop();
  };
  try {
    const corsOrigins = options.corsAllowedOrigins.split(',').map((origin) => origin.trim()).filter(Boolean);
    const [dynamoDb, ses, s3] = (await startEmulators(options.emulators, dynamoDbPath, { directory: join(options.dataDir, 's3'), corsOrigins })) as [Running, Running, Running];
    stoppers.push(() => s3.stop(), () => ses.stop(), () => dynamoDb.stop());
    await ensureTable(dynamoDb.endpoint, options.tableName, { stream: true });
    // Events a function kept failing on (bus rules, schedules, SES's events), for `npm run dlq:redrive`.
    const deadLetters = localDeadLetters(options.dataDir);
    const eventBus = await startLocalEventBus({ port: 0, busName: localEventBusName, deadLetters });
    stoppers.push(() => eventBus.close());

    const env: Record<string, string> = {
      TABLE_NAME: options.tableName,
      AWS_REGION: options.region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      DYNAMODB_ENDPOINT: dynamoDb.endpoint,
      SES_ENDPOINT: ses.endpoint,
      S3_ENDPOINT: s3.endpoint,
      DOCUMENTS_BUCKET: localDocumentsBucket,
      EVENT_BUS_NAME: eventBus.busName,
      EVENTBRIDGE_ENDPOINT: eventBus.endpoint,
      ...localKeyEnv(keyFiles),
      CORS_ALLOWED_ORIGINS: options.corsAllowedOrigins,
      ...localPowertoolsEnv,
      ...options.extraEnv,
    };
    if (options.bundledFunctions) {
      loadFunctionsFrom(options.bundledFunctions);
      stoppers.push(() => loadFunctionsFrom(null));
    }
    // Both servers listen before the variables naming their ports are set: a port of 0 is bound by the
    // server itself, so no other process can take it in between. Handlers load on the first request.
    setFunctionEnvironment(env);
    const server: RunningApiServer = await startApiServer({ port: options.port });
    stoppers.push(() => server.close());
    const webSocket: RunningWebSocketServer = await startWebSocketServer({
      port: options.webSocketPort ?? 0,
      region: options.region,
      log: createLogger({ component: 'local-websocket' }, config().LOG_LEVEL),
    });
    stoppers.push(() => webSocket.close());
    // The management API of the local WebSocket API is the same port over http.
    Object.assign(env, { PUBLIC_BASE_URL: `http://localhost:${server.port}`, WEBSOCKET_ENDPOINT: webSocket.managementEndpoint });
    setFunctionEnvironment(env);

    // SES's Send events reach the email-events function as in AWS; every earlier one before anything runs
    // (unless `sesEventsFrom` is 'latest').
    const sesEvents = await startSesEventFeed({
      sesEndpoint: ses.endpoint, everyMs: SES_EVENTS_POLL_MS, log: createLogger({ component: 'local-ses-events' }, config().LOG_LEVEL), deadLetters, from: options.sesEventsFrom ?? 'first',
    });
    stoppers.push(() => sesEvents.stop());
    // The table's stream hands new audit entries to the domain-event-stream function, as in AWS.
    const tableStream = await startTableStreamFeed({ dynamoDbEndpoint: dynamoDb.endpoint, tableName: options.tableName, everyMs: TABLE_STREAM_POLL_MS, log: createLogger({ component: 'local-table-stream' }, config().LOG_LEVEL) });
    stoppers.push(() => tableStream.stop());
    const healthUrl = `${server.url}/api/health`;
    await waitUntilHealthy(healthUrl);

    const schedules: RunningSchedules | null = options.schedules
      ? startSchedules(createLogger({ component: 'local-schedules' }, config().LOG_LEVEL), deadLetters)
      : null;
    if (schedules) stoppers.push(() => schedules.stop());

    const stateFile = stateFilePath(options.dataDir);
    const state: LocalStackState = { pid: process.pid, apiUrl: server.url, env };
    await writeFile(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
    stoppers.push(() => rm(stateFile, { force: true }));

    let stopping: Promise<void> | undefined;
    return {
      apiUrl: server.url,
      healthUrl,
      webSocketUrl: webSocket.url,
      dynamoDbEndpoint: dynamoDb.endpoint,
      sesEndpoint: ses.endpoint,
      s3Endpoint: s3.endpoint,
      dataDir: options.dataDir,
      dynamoDbPath,
      schedules: schedules?.names ?? [],
      env,
      eventBusIdle: async () => {
        // What the stream holds reaches the bus and its deliveries finish, again while consumers' writes added more.
        for (;;) {
          const kept = await tableStream.drain();
          await eventBus.idle();
          if (kept === 0) return;
        }
      },
      holdDomainEvents: tableStream.hold,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
