import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { randomSecret, sha256 } from '../../shared/auth/tokens.ts';
import { putAccountToken } from '../../shared/data/accounts/account-mail.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { newId } from '../../shared/data/ids.ts';
import { sessionKeys } from '../../shared/data/keys.ts';
import { call, currentUser, freshIp, login, refresh, registered, withoutRequestId } from './auth-fixtures.ts';
import { emailsFor, runSender } from './invitations-fixtures.ts';

/** Password change and reset, signing out everywhere and the absolute session lifetime (docs/accounts.md). */
const NEW_PASSWORD = 'difference-engine-1822';

/** A registered account signed in twice more: three sessions, each with its tokens. */
async function accountWithThreeSessions() {
  const account = await registered();
  const ip = freshIp();
  const others = await Promise.all([1, 2].map(async () => (await login({ login: account.registration.username, password: account.registration.password }, ip)).body.data));
  return { ...account, others: others.map((data) => ({ accessToken: data.access_token as string, refreshToken: data.refresh_token as string })) };
}

const sessionIdOf = (refreshToken: string) => refreshToken.split('.')[0] as string;
const linkOf = (text: string | undefined) => /\/password\/reset\/(\S+)/.exec(text ?? '')?.[1];

describe('PUT /api/auth/password', () => {
  it('changes the password with the current one, ends every other session and keeps this one', async () => {
    const account = await accountWithThreeSessions();

    const changed = await call('PUT', '/api/auth/password', { token: account.accessToken, body: { current_password: account.registration.password, new_password: NEW_PASSWORD } });

    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.data).toEqual({ password_changed: true, other_sessions_ended: 2 });
    expect((await currentUser(account.accessToken)).status).toBe(200);
    for (const other of account.others) {
      expect((await currentUser(other.accessToken)).status).toBe(401);
      expect((await refresh(other.refreshToken)).status).toBe(401);
    }
    expect((await login({ login: account.registration.username, password: account.registration.password }, freshIp())).status).toBe(401);
    expect((await login({ login: account.registration.email, password: NEW_PASSWORD }, freshIp())).status).toBe(200);
  });

  it('refuses a wrong current password with 403 wrong_password and changes nothing', async () => {
    const account = await accountWithThreeSessions();

    const refused = await call('PUT', '/api/auth/password', { token: account.accessToken, body: { current_password: 'not-the-password', new_password: NEW_PASSWORD } });

    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('wrong_password');
    expect((await currentUser(account.others[0]?.accessToken as string)).status).toBe(200);
    expect((await login({ login: account.registration.username, password: account.registration.password }, freshIp())).status).toBe(200);
  });

  it('checks the new password by the rules of register, listing the problem', async () => {
    const account = await registered();

    const refused = await call('PUT', '/api/auth/password', { token: account.accessToken, body: { current_password: account.registration.password, new_password: 'short' } });
    const echo = await call('PUT', '/api/auth/password', { token: account.accessToken, body: { current_password: account.registration.password, new_password: account.registration.username } });

    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((problem: { path: string }) => problem.path)).toEqual(['new_password']);
    expect(echo.status).toBe(400);
  });
});

describe('POST /api/auth/sessions/revoke-all', () => {
  it('ends every session of the account, this one too', async () => {
    const account = await accountWithThreeSessions();

    const revoked = await call('POST', '/api/auth/sessions/revoke-all', { token: account.accessToken, body: { password: account.registration.password } });

    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body.data.sessions_ended).toBe(3);
    for (const session of [{ accessToken: account.accessToken, refreshToken: account.refreshToken }, ...account.others]) {
      expect((await currentUser(session.accessToken)).status).toBe(401);
      expect((await refresh(session.refreshToken)).status).toBe(401);
    }
    // The password still works: a new sign-in starts afresh.
    expect((await login({ login: account.registration.username, password: account.registration.password }, freshIp())).status).toBe(200);
  });
});

describe('the absolute session lifetime', () => {
  const backdate = (refreshToken: string, days: number) =>
    db().send(new UpdateCommand({
      TableName: tableName(), Key: sessionKeys.item(sessionIdOf(refreshToken)),
      UpdateExpression: 'SET created_at = :created', ExpressionAttributeValues: { ':created': new Date(Date.now() - days * 86_400_000).toISOString() },
    }));

  it('refuses to refresh a session older than SESSION_ABSOLUTE_LIFETIME_SECONDS (30 days), however fresh its last refresh', async () => {
    const account = await registered();
    await backdate(account.refreshToken, 31);

    const refused = await refresh(account.refreshToken);

    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_refresh_token');
  });

  it('caps a refreshed session at its absolute end', async () => {
    const account = await registered();
    await backdate(account.refreshToken, 29.5);

    const refreshed = await refresh(account.refreshToken);

    expect(refreshed.status).toBe(200);
    expect(refreshed.body.data.refresh_expires_in).toBeLessThanOrEqual(12 * 3600);
    expect(refreshed.body.data.refresh_expires_in).toBeGreaterThan(11 * 3600);
  });
});

describe('forgotten passwords', () => {
  const forgot = (email: string, sourceIp = freshIp()) => call('POST', '/api/auth/password/forgot', { body: { email }, sourceIp });
  const reset = (token: string, newPassword = NEW_PASSWORD) => call('POST', '/api/auth/password/reset', { body: { token, new_password: newPassword } });

  it('mails a link whose token sets a new password once, ending every session; the new password signs in', async () => {
    const account = await accountWithThreeSessions();

    const asked = await forgot(account.registration.email.toUpperCase());
    await runSender();
    // Registration also queued a verification mail: the reset mail is the one with its subject.
    const mail = (await emailsFor(account.registration.email)).find((email) => email.subject === 'Reset your password');
    const token = decodeURIComponent(linkOf(mail?.body.text) ?? '');
    const done = await reset(token);
    const again = await reset(token, 'yet-another-password-9');

    expect(asked.status).toBe(202);
    expect(mail?.subject).toBe('Reset your password');
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.data).toEqual({ password_reset: true, sessions_ended: 3 });
    for (const session of [{ accessToken: account.accessToken, refreshToken: account.refreshToken }, ...account.others]) {
      expect((await currentUser(session.accessToken)).status).toBe(401);
      expect((await refresh(session.refreshToken)).status).toBe(401);
    }
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_reset_token');
    expect((await login({ login: account.registration.username, password: account.registration.password }, freshIp())).status).toBe(401);
    expect((await login({ login: account.registration.username, password: NEW_PASSWORD }, freshIp())).status).toBe(200);
  });

  it('answers an address with an account and one without identically, and mails only the account', async () => {
    const account = await registered();
    const stranger = `stranger.${newId().toLowerCase()}@example.com`;

    const known = await forgot(account.registration.email);
    const unknown = await forgot(stranger);
    await runSender();

    expect(unknown.status).toBe(known.status);
    expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(known.body));
    const headers = (answer: typeof known) => Object.keys(answer.headers).filter((name) => !/request-id/i.test(name)).sort();
    expect(headers(unknown)).toEqual(headers(known));
    expect((await emailsFor(account.registration.email)).filter((email) => email.subject === 'Reset your password')).toHaveLength(1);
    expect(await emailsFor(stranger)).toHaveLength(0);
  });

  it('refuses an expired token, a forged one and an older one replaced by a newer mail, with one problem', async () => {
    const account = await registered();
    const expired = `${account.userId}.${randomSecret()}`;
    const longAgo = new Date(Date.now() - 40 * 60_000);
    await putAccountToken(account.userId, 'password_reset', { hash: sha256(expired), mailId: newId(), createdAt: longAgo, expiresAt: new Date(longAgo.getTime() + 30 * 60_000) });

    const answers = [await reset(expired), await reset(`${account.userId}.${randomSecret()}`), await reset('garbage')];
    await forgot(account.registration.email);
    await forgot(account.registration.email);
    await runSender();
    const [first, second] = (await emailsFor(account.registration.email)).filter((mail) => mail.subject === 'Reset your password').map((mail) => decodeURIComponent(linkOf(mail.body.text) ?? ''));
    const older = await reset(first as string);
    const newer = await reset(second as string);

    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual(Array(3).fill([400, 'invalid_reset_token']));
    expect([first, second].every(Boolean)).toBe(true);
    // The mails go out in the order asked; only the newest link works.
    expect([older.status, newer.status].sort()).toEqual([200, 400]);
    expect((await login({ login: account.registration.username, password: account.registration.password }, freshIp())).status).toBe(401);
  });

  it('limits requests per address and per network, whether or not the address has an account', async () => {
    const address = `limited.${newId().toLowerCase()}@example.com`;
    const perAddress = [];
    for (let attempt = 0; attempt < 4; attempt += 1) perAddress.push((await forgot(address)).status);
    const network = freshIp();
    const perNetwork = [];
    for (let attempt = 0; attempt < 21; attempt += 1) perNetwork.push((await forgot(`n${attempt}.${newId().toLowerCase()}@example.com`, network)).status);

    expect(perAddress).toEqual([202, 202, 202, 429]);
    expect(perNetwork.slice(0, 20).every((status) => status === 202)).toBe(true);
    expect(perNetwork[20]).toBe(429);
  });
});
