import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { sessionKeys, userKeys } from '../../shared/data/keys.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { call, currentUser, freshIp, refresh, registered, storedItem } from './auth-fixtures.ts';

/**
 * The account's sessions under its owner's control (issue 20, ASVS 5.0 7.4.5 / 7.5.2): the list with the
 * device that signed in and which one is this, ending one (another account's is not found), and the cap
 * of MAX_SESSIONS_PER_ACCOUNT (documented default 10) that ends the oldest at a new sign-in.
 */
const SESSION_CAP = 10;

type SignIn = { access: string; refresh: string };

async function signInFrom(account: Awaited<ReturnType<typeof registered>>, device: string): Promise<SignIn> {
  const answer = await call('POST', '/api/auth/login', {
    body: { login: account.registration.username, password: account.registration.password },
    sourceIp: freshIp(),
    headers: { 'user-agent': device },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return { access: answer.body.data.access_token, refresh: answer.body.data.refresh_token };
}

const sessionsOf = (token: string) => call('GET', '/api/auth/sessions', { token });
const endSession = (token: string, sessionId: string, password?: string) => call('DELETE', `/api/auth/sessions/${sessionId}`, { token, ...(password ? { body: { password } } : {}) });
const sessionIdOf = (refreshToken: string) => refreshToken.split('.')[0] as string;

describe('GET /api/auth/sessions', () => {
  it('lists every live session, newest first, with its device and which one is this, and nothing secret', async () => {
    const account = await registered();
    const phone = await signInFrom(account, 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)');
    const laptop = await signInFrom(account, 'Mozilla/5.0 (X11; Linux x86_64)\u0000\u001b[31m');

    const answer = await sessionsOf(phone.access);

    expect(answer.status).toBe(200);
    expect(answer.body.meta).toEqual({ count: 3, next_cursor: null });
    const sessions = answer.body.data as Record<string, unknown>[];
    expect(sessions.map((session) => session.id)).toEqual([sessionIdOf(laptop.refresh), sessionIdOf(phone.refresh), sessionIdOf(account.refreshToken)]);
    expect(sessions.map((session) => session.current)).toEqual([false, true, false]);
    expect(sessions.map((session) => session.device)).toEqual(['Mozilla/5.0 (X11; Linux x86_64)[31m', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)', 'vitest']);
    expect(sessions[0]).toEqual({ id: expect.any(String), device: expect.any(String), created_at: expect.any(String), last_used_at: expect.any(String), expires_at: expect.any(String), current: false });
    expect(JSON.stringify(answer.body)).not.toMatch(/hash|refresh_token/);
  });
});

describe('DELETE /api/auth/sessions/{session_id}', () => {
  it('ends that session at once (access and refresh token), and leaves the others', async () => {
    const account = await registered();
    const phone = await signInFrom(account, 'phone');
    const laptop = await signInFrom(account, 'laptop');

    const ended = await endSession(laptop.access, sessionIdOf(phone.refresh), account.registration.password);

    expect(ended.status).toBe(200);
    expect(ended.body.data).toEqual({ id: sessionIdOf(phone.refresh), deleted: true });
    expect((await currentUser(phone.access)).status).toBe(401);
    expect((await refresh(phone.refresh)).status).toBe(401);
    expect((await currentUser(laptop.access)).status).toBe(200);
    expect((await sessionsOf(laptop.access)).body.data.map((session: { id: string }) => session.id)).not.toContain(sessionIdOf(phone.refresh));
  });

  it('answers 404 for a session of another account and leaves it working; ending this one signs out', async () => {
    const account = await registered();
    const other = await registered();

    const foreign = await endSession(account.accessToken, sessionIdOf(other.refreshToken), account.registration.password);
    const unknown = await endSession(account.accessToken, '01J0000000000000000000000X', account.registration.password);
    const own = await endSession(account.accessToken, sessionIdOf(account.refreshToken));

    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect((await currentUser(other.accessToken)).status).toBe(200);
    expect(own.status).toBe(200);
    expect((await currentUser(account.accessToken)).status).toBe(401);
  });
});

describe('the cap on sessions per account', () => {
  it(`keeps at most ${SESSION_CAP}: a new sign-in ends the oldest others`, async () => {
    const account = await registered();
    const signIns: SignIn[] = [];
    for (let index = 0; index < SESSION_CAP; index += 1) signIns.push(await signInFrom(account, `device ${index}`));

    const listed = await sessionsOf((signIns.at(-1) as SignIn).access);

    expect(listed.body.meta.count).toBe(SESSION_CAP);
    expect((await refresh(account.refreshToken)).status).toBe(401);
    expect(listed.body.data.map((session: { device: string }) => session.device)).toEqual(signIns.map((_, index) => `device ${index}`).reverse());
    expect((await refresh((signIns[0] as SignIn).refresh)).status).toBe(200);
  });
});

describe('npm run admin -- end-sessions', () => {
  const admin = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], { env: { ...process.env, OPERATOR: 'oncall' } });

  it("ends every session of the account at once and records who did it and why in the account's trail", async () => {
    const account = await registered();
    const phone = await signInFrom(account, 'phone');

    const run = await admin('end-sessions', '--user', account.userId, '--reason', 'stolen laptop');

    expect(JSON.parse(run.stdout)).toEqual({ user_id: account.userId, sessions_ended: 2 });
    expect((await currentUser(phone.access)).status).toBe(401);
    expect((await refresh(account.refreshToken)).status).toBe(401);
    const trail = await db().send(new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': userKeys.item(account.userId).pk, ':audit': 'AUDIT#' },
    }));
    expect(trail.Items?.find((entry) => entry.action === 'sessions.ended_by_operator')).toMatchObject({
      actor_id: 'operator:oncall',
      changes: [{ field: 'reason', before: null, after: 'stolen laptop' }],
    });
  });

  it('refuses an unknown account, a command without one and one with both an account and --all, changing nothing', async () => {
    const unknown = await admin('end-sessions', '--user', '01J0000000000000000000000X').catch((error: { code: number; stderr: string }) => error);
    const missing = await admin('end-sessions').catch((error: { code: number; stderr: string }) => error);
    const both = await admin('end-sessions', '--all', '--user', '01J0000000000000000000000X').catch((error: { code: number; stderr: string }) => error);

    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('No account has the id') });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: npm run admin') });
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining('--all') });
    expect(await storedItem(sessionKeys.cutOff)).toBeUndefined();
  });

  // Last in the file: it ends every session of this file's table signed in until it runs.
  it('--all ends every session of every account at once (access and refresh tokens, tickets); a sign-in afterwards works', async () => {
    const [ada, grace] = [await registered(), await registered()];
    const adaPhone = await signInFrom(ada, 'phone');
    const planner = await signedInUser();
    const realtimeTicketOf = (token: string) => call('POST', '/api/realtime/ticket', { token });

    const run = await admin('end-sessions', '--all', '--reason', 'signing key leaked');
    const after = {
      ada: (await currentUser(ada.accessToken)).status,
      adaPhone: (await currentUser(adaPhone.access)).status,
      adaRefresh: (await refresh(ada.refreshToken)).status,
      graceSessions: (await sessionsOf(grace.accessToken)).status,
      plannerTicket: (await realtimeTicketOf(planner.token)).status,
    };
    const again = await call('POST', '/api/auth/login', { body: { login: ada.registration.username, password: ada.registration.password }, sourceIp: freshIp() });
    const listed = await sessionsOf(again.body.data.access_token);

    expect(JSON.parse(run.stdout)).toEqual({ all_sessions: true, ended_signed_in_until: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
    expect(after).toEqual({ ada: 401, adaPhone: 401, adaRefresh: 401, graceSessions: 401, plannerTicket: 401 });
    expect(again.status).toBe(200);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((session: { current: boolean }) => session.current)).toEqual([true]);
    expect(await storedItem(sessionKeys.cutOff)).toMatchObject({ operator: 'oncall', reason: 'signing key leaked', not_before: JSON.parse(run.stdout).ended_signed_in_until });
  });
});
