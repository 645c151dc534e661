import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isPortFree } from '../../infra/local/ports.ts';
import { defaultDataDir, type LocalStackState, stateFilePath } from '../../infra/local/stack.ts';
import { demoApi } from './api.ts';
import { worldSummary } from './summary.ts';
import type { ReceivedEmail } from './team.ts';
import { buildDemoWorld } from './world.ts';
import { storedEmailsTo } from '../../infra/local/ses-store.ts';

/**
 * `npm run demo [-- --guests=150 --seed=2026]`: fills a demo world through the HTTP API of the running
 * local stack (DEMO_API_URL, else http://localhost:$PORT), or starts `npm start` itself when nothing
 * answers there and keeps it running (Ctrl-C stops it). Queued emails are sent at once by running the
 * outbox schedule (`npm run schedule:run -- outbox`); against another machine's stack the outbox's own
 * minute does it.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = `Usage: npm run demo [-- --guests=150 --seed=2026]

  --guests   how many guests the wedding has (default 150)
  --seed     faker's seed: the same seed gives the same world and logins (default 2026)

Variables: DEMO_API_URL (default http://localhost:$PORT, PORT 3000). When nothing answers there and
DEMO_API_URL is not set, the demo starts the local stack itself (the variables of npm start apply).`;

const { values } = parseArgs({ options: { guests: { type: 'string', default: '150' }, seed: { type: 'string', default: '2026' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const guests = Number(values.guests);
const seed = Number(values.seed);
if (!Number.isInteger(guests) || guests < 1 || guests > 1000 || !Number.isInteger(seed) || seed < 0) {
  console.error(`--guests must be 1-1000 and --seed a whole number\n\n${usage}`);
  process.exit(2);
}

const apiUrl = (process.env.DEMO_API_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function answers(url: string): Promise<boolean> {
  const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(15_000) }).catch(() => null);
  return response?.ok === true;
}

/** A stack is started only where nothing listens: a busy or starting stack is not a missing one. */
async function canStartHere(): Promise<boolean> {
  const port = Number(new URL(apiUrl).port || 80);
  return !process.env.DEMO_API_URL && (await isPortFree(port));
}

async function startStack(): Promise<ChildProcess> {
  console.log(`Nothing answers at ${apiUrl}: starting the local stack (npm start)...`);
  const child = spawn(npm, ['start'], { stdio: ['ignore', 'inherit', 'inherit'], env: { LOG_LEVEL: 'warn', ...process.env } });
  const deadline = Date.now() + 180_000;
  while (!(await answers(apiUrl))) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`The local stack did not answer at ${apiUrl} within 180 s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return child;
}

/** The outbox schedule, run now against the stack on this machine; when that fails, its minute will do. */
let outboxRunnable = true;
function sendQueuedEmails(): Promise<void> {
  if (!outboxRunnable) return Promise.resolve();
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', 'schedule:run', '--', 'outbox'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('close', (code) => {
      if (code !== 0) {
        outboxRunnable = false;
        console.log(`(Could not run the outbox here: ${errors.trim() || `exit ${code}`}; waiting for its every-minute run.)`);
      }
      resolve();
    });
  });
}

async function mailViewerUrl(): Promise<string | null> {
  const state = JSON.parse(await readFile(stateFilePath(defaultDataDir), 'utf8').catch(() => 'null')) as LocalStackState | null;
  return state?.apiUrl.replace('localhost', '127.0.0.1') === apiUrl.replace('localhost', '127.0.0.1') ? (state.env.SES_ENDPOINT ?? null) : null;
}

/** The emails the SES emulator holds for an address (its /store, as the mail viewer reads it). */
const sesEmails = (endpoint: string) => async (address: string): Promise<ReceivedEmail[]> =>
  (await storedEmailsTo(endpoint, address)).map((email) => ({ subject: email.subject, text: email.body.text ?? '' }));

let stack: ChildProcess | null = null;
try {
  if (!(await answers(apiUrl))) {
    if (!(await canStartHere())) throw new Error(`${apiUrl}/api/health does not answer ok (is the stack still starting?)`);
    stack = await startStack();
  }
  const startedAt = Date.now();
  const sesEndpoint = await mailViewerUrl();
  const world = await buildDemoWorld({ api: demoApi(apiUrl), seed, guests, sendQueuedEmails, ...(sesEndpoint ? { readEmails: sesEmails(sesEndpoint) } : {}), log: (line) => console.log(line) });
  console.log(worldSummary(world, { api: apiUrl, mailViewer: await mailViewerUrl() }));
  console.log(`(${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.error(`The demo failed: ${(error as Error).message}`);
  stack?.kill('SIGTERM');
  process.exit(1);
}
if (stack) {
  console.log('The local stack started by the demo keeps running: press Ctrl-C to stop it.');
  // npm start stops everything on SIGINT/SIGTERM; Ctrl-C reaches it through the terminal's process group.
  const child = stack;
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code) => process.exit(code ?? 0));
}
