import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Running, startSes } from '../../infra/local/emulators.ts';
import { repoRoot } from '../../infra/local/function-entries.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { apiClient } from './support/api-client.ts';

/**
 * The local server is killed (SIGKILL, no goodbye) while it sends a 2,000-invitation batch, and started
 * again. The data lives on: DynamoDB Local (this run's) and an SES emulator of this file's own stay up,
 * only the server process dies. After the restart the batch is picked up once its lease expires
 * (OUTBOX_LEASE_SECONDS, seconds here) and finishes: every guest is invited exactly once. The sends in
 * flight at the kill were claimed on their rows; those SES had accepted are known from the emulator's
 * Send events (read by the restarted stack before its outbox runs) and are not sent again; the others
 * are sent once their grace (SES_SEND_EVENT_GRACE_SECONDS, seconds here) has passed.
 */
const GUESTS = 2_000;
const LEASE_SECONDS = 20;
const GRACE_SECONDS = 5;
const SERVER_SCRIPT = join(repoRoot, 'tests/e2e/support/outbox-server.ts');

type StoredEmail = { destination: { to: string[] }; subject: string };

let ses: Running;
let dataDir: string;
let server: ChildProcess | undefined;

async function storedEmails(): Promise<StoredEmail[]> {
  const { emails } = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: StoredEmail[] };
  return emails;
}

/** Polls sparingly: each look reads the emulator's whole store or the batch's 2,000 rows, load the sender competes with. */
async function until<T>(what: string, timing: { timeoutMs: number; everyMs: number }, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timing.timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, timing.everyMs));
  }
  throw new Error(`timed out after ${timing.timeoutMs} ms waiting for ${what}`);
}

/** Starts the server as a child process (on a port it binds itself) and answers once it printed its API URL. */
function startServer(): Promise<{ child: ChildProcess; apiUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_SCRIPT], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      KEYS_DIR: inject('keysDir'),
      SES_ENDPOINT: ses.endpoint,
      OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
      SES_SEND_EVENT_GRACE_SECONDS: String(GRACE_SECONDS),
      // One new account sends the 2,000 invitations: past the default daily quota of 200.
      SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: String(GUESTS),
    },
  });
  server = child;
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\S+)/.exec(output);
      if (ready) resolve({ child, apiUrl: ready[1] as string });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before it was ready: ${output.slice(-2000)}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'epa-crash-'));
  ses = await startSes({ port: 0 });
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) await killHard(server);
  await ses?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a server killed in the middle of a 2,000-invitation batch', () => {
  it('finishes the batch after a restart: every guest invited exactly once', async () => {
    const started = Date.now();
    const planner = await signedInUser();
    const first = await startServer();
    const call = apiClient(first.apiUrl);
    const created = await call('POST', '/api/events', { token: planner.token, body: { name: 'Big wedding', event_date: '2031-06-20T17:00:00Z', event_type: 'wedding' } });
    expect(created.status).toBe(201);
    const eventId: string = created.body.data.id;
    const addresses = Array.from({ length: GUESTS }, (_, index) => `guest${index}.${eventId.slice(-8).toLowerCase()}@example.com`);
    for (let start = 0; start < GUESTS; start += 1_000) {
      const guest_list = addresses.slice(start, start + 1_000).map((email, index) => ({ name: `Guest ${start + index}`, email }));
      const added = await call('POST', `/api/events/${eventId}/guests`, { token: planner.token, body: { guest_list } });
      expect(added.status, JSON.stringify(added.body).slice(0, 500)).toBe(201);
    }
    const arranged = Date.now();

    const queued = await call('POST', `/api/events/${eventId}/invitations`, { token: planner.token, body: {} });
    expect(queued.status).toBe(202);
    expect(queued.body.data).toMatchObject({ queued: GUESTS });
    // Some, not all: the kill lands in the middle of the batch, and of a chunk of 50 (sends in flight).
    const sentBeforeKill = await until('the first 325 emails', { timeoutMs: 120_000, everyMs: 250 }, async () => {
      const count = (await storedEmails()).length;
      return count >= 325 ? count : undefined;
    });
    const sendingStarted = Date.now();
    await killHard(first.child);
    const killedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterKill = (await storedEmails()).length;

    const second = await startServer();
    const restartedAt = Date.now();
    const finished = await until('the batch to finish', { timeoutMs: 200_000, everyMs: 2_000 }, async () => {
      const history = await apiClient(second.apiUrl)('GET', `/api/events/${eventId}/invitations`, { token: planner.token });
      const batch = history.body.data?.[0];
      return batch?.status === 'sent' ? batch : undefined;
    });
    const doneAt = Date.now();

    const perAddress = new Map<string, number>();
    for (const email of await storedEmails()) {
      const address = /<([^>]+)>/.exec(email.destination.to[0] ?? '')?.[1] ?? '';
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    }
    const repeats = [...perAddress.values()].reduce((sum, count) => sum + count - 1, 0);
    console.info('crash-mid-batch', JSON.stringify({
      guests: GUESTS, sentBeforeKill, afterKill, repeats, arrangeMs: arranged - started, firstRunMs: killedAt - arranged,
      restartMs: restartedAt - killedAt, finishAfterRestartMs: doneAt - restartedAt, totalMs: doneAt - started, sendingStartedMs: sendingStarted - arranged,
    }));

    expect(afterKill).toBeLessThan(GUESTS);
    expect(finished).toMatchObject({ status: 'sent', queued: GUESTS, sent: GUESTS, failed: 0 });
    expect([...perAddress.keys()].sort()).toEqual([...addresses].sort());
    expect(Math.max(...perAddress.values())).toBe(1);
    expect(repeats).toBe(0);
  }, 330_000);
});
