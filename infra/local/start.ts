import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { schedules as scheduleTable } from '../../shared/routes.ts';
import { defaultDataDir, type LocalStack, LocalStackSetupError, startLocalStack } from './stack.ts';

/**
 * `npm start`: the whole stack on this machine (see stack.ts), its URLs printed, stopped cleanly with
 * Ctrl-C. Machine problems (no Java, a port taken) print a message and exit 1, without a stack trace.
 */

// Documented switch for the AWS SDK's notice that Node.js 20 support ends (aws/aws-sdk-js-v3#7983).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = `Usage: npm start [-- --in-memory] [-- --bundled]

  --in-memory   keep DynamoDB Local's data in memory, gone at exit (or DYNAMODB_IN_MEMORY=1)
  --bundled     run every function from the bundles cdk deploy ships (built first, outside the project), not the sources

Variables (defaults): PORT (3000), WEBSOCKET_PORT (3001), DYNAMODB_PORT (8000), SES_PORT (8005), S3_PORT (8006), TABLE_NAME (event-planning-local),
CORS_ALLOWED_ORIGINS (http://localhost:5173), AWS_REGION (us-east-1), LOG_LEVEL (info).`;

const isTruthy = (value: string | undefined): boolean => value === '1' || value?.toLowerCase() === 'true';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LocalStackSetupError(`${name}=${raw} is not a port number (1-65535).`);
  return port;
}

function readCommandLine(args: string[]): { inMemory: boolean; bundled: boolean } {
  let inMemory = isTruthy(process.env.DYNAMODB_IN_MEMORY);
  let bundled = false;
  for (const arg of args) {
    if (arg === '--in-memory') inMemory = true;
    else if (arg === '--bundled') bundled = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else throw new LocalStackSetupError(`Unknown option ${arg}\n\n${usage}`);
  }
  return { inMemory, bundled };
}

/**
 * The bundled mode's functions, built as `cdk deploy` builds them into a fresh folder outside the
 * project (so no file or package is found in the project by accident), removed when the stack stops.
 * The builder loads the CDK stack, so it is imported only in this mode.
 */
async function buildBundles(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const { buildStackBundles } = await import('../function-bundles.ts');
  const dir = await mkdtemp(join(tmpdir(), 'event-planning-bundles-'));
  const started = performance.now();
  const bundles = await buildStackBundles(dir);
  console.log(`Bundled ${bundles.length} functions as cdk deploy does in ${Math.round(performance.now() - started)} ms: ${dir}`);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

function printReady(stack: LocalStack): void {
  const schedules = stack.schedules.length
    ? scheduleTable
        .filter((schedule) => stack.schedules.includes(schedule.name))
        .map((schedule) => `${schedule.name} every ${schedule.everyMinutes} min`)
        .join(', ')
    : 'none yet (their functions do not exist)';
  const storage = stack.dynamoDbPath ? `DynamoDB files in ${relative(stack.dataDir, stack.dynamoDbPath)}/` : 'DynamoDB in memory';
  console.log(
    [
      '',
      'Event planning API: local stack ready',
      `  API              ${stack.apiUrl}/api`,
      `  Health           ${stack.healthUrl}`,
      `  API reference    ${stack.apiUrl}/docs (OpenAPI document: ${stack.apiUrl}/api/openapi.json)`,
      `  WebSocket API    ${stack.webSocketUrl}/?ticket=<ticket from POST /api/realtime/ticket> (real-time updates)`,
      `  SES mail viewer  ${stack.sesEndpoint}/`,
      `  S3 emulator      ${stack.s3Endpoint} (bucket ${stack.env.DOCUMENTS_BUCKET}, files in s3/)`,
      `  DynamoDB Local   ${stack.dynamoDbEndpoint} (table ${stack.env.TABLE_NAME})`,
      `  Event bus        ${stack.env.EVENTBRIDGE_ENDPOINT} (PutEvents; rules of shared/routes.ts call notify and realtime-push in-process; each confirmed upload is malware-scanned by a stub: the EICAR test file is infected)`,
      `  Data folder      ${stack.dataDir} (${storage}, keys in token-signing-keys.json, token-verification-keys.json, sealing-key)`,
      `  Schedules        ${schedules} (run one now: npm run schedule:run -- <name>)`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

let stack: LocalStack | undefined;
let stopRequested = false;

async function stopAndExit(code: number): Promise<never> {
  await stack?.stop();
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopRequested) {
    console.error(`${signal} again: exiting without waiting.`);
    process.exit(1);
  }
  stopRequested = true;
  // While starting, the children are stopped as soon as startLocalStack returns (or fails).
  if (!stack) return;
  console.log(`\n${signal}: stopping the API, the schedules, DynamoDB Local and the SES and S3 emulators...`);
  void stopAndExit(0);
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    console.error(`Unexpected failure, stopping the local stack:`, error);
    void stopAndExit(1);
  });
}

try {
  const { inMemory, bundled } = readCommandLine(process.argv.slice(2));
  const bundles = bundled ? await buildBundles() : null;
  const started = await startLocalStack({
    port: portFromEnv('PORT', 3000),
    webSocketPort: portFromEnv('WEBSOCKET_PORT', 3001),
    tableName: process.env.TABLE_NAME || 'event-planning-local',
    dataDir: defaultDataDir,
    emulators: { start: { dynamoDbPort: portFromEnv('DYNAMODB_PORT', 8000), sesPort: portFromEnv('SES_PORT', 8005), s3Port: portFromEnv('S3_PORT', 8006), inMemory } },
    corsAllowedOrigins: process.env.CORS_ALLOWED_ORIGINS || 'http://localhost:5173',
    region: process.env.AWS_REGION || 'us-east-1',
    schedules: true,
    ...(bundles ? { bundledFunctions: bundles.dir } : {}),
  });
  const removeBundles = bundles?.remove;
  stack = removeBundles
    ? {
        ...started,
        stop: async () => {
          await started.stop();
          await removeBundles();
        },
      }
    : started;
} catch (error) {
  console.error(error instanceof LocalStackSetupError ? `\n${error.message}\n` : error);
  process.exit(1);
}
if (stopRequested) {
  console.log('Stop requested while starting: stopping everything that started.');
  await stopAndExit(0);
}
printReady(stack);
