import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sessionKeys, userKeys } from '../../shared/data/keys.ts';
import { call, currentUser, refresh, registered, storedItem } from './auth-fixtures.ts';
import { emailsFor, runSender } from './invitations-fixtures.ts';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/data/client.ts';
import { type MintOptions, mintToken } from '../support/test-tokens.ts';

const sessionIdOf = (refreshToken: string) => refreshToken.split('.')[0] as string;

/** An access token for a live session, signed as the test asks (key, expiry, audience, issuer). */
const craftedToken = (account: { userId: string; refreshToken: string }, options: MintOptions): Promise<string> =>
  mintToken({ sub: account.userId, sid: sessionIdOf(account.refreshToken), username: 'whoever' }, options);

describe('POST /api/auth/refresh', () => {
  it('rotates: a current refresh token gives new tokens that work', async () => {
    const account = await registered();

    const response = await refresh(account.refreshToken);

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(response.body.data.refresh_token).not.toBe(account.refreshToken);
    expect(sessionIdOf(response.body.data.refresh_token)).toBe(sessionIdOf(account.refreshToken));
    expect((await currentUser(response.body.data.access_token)).status).toBe(200);
    expect((await refresh(response.body.data.refresh_token)).status).toBe(200);
  });

  it('revokes the session when an already-used refresh token comes back', async () => {
    const account = await registered();
    const rotated = (await refresh(account.refreshToken)).body.data;

    const reuse = await refresh(account.refreshToken);

    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('refresh_token_reused');
    expect(await storedItem(sessionKeys.item(sessionIdOf(account.refreshToken)))).toBeUndefined();
    expect((await refresh(rotated.refresh_token)).status).toBe(401);
    expect((await currentUser(rotated.access_token)).status).toBe(401);
  });

  it('tells the owner by one email, however many times the old token comes back', async () => {
    const account = await registered();
    await refresh(account.refreshToken);

    const reuses = await Promise.all([refresh(account.refreshToken), refresh(account.refreshToken), refresh(account.refreshToken)]);
    await runSender();
    const alerts = (await emailsFor(account.registration.email)).filter((mail) => mail.subject === 'A session of your account was ended');

    expect(reuses.map((reuse) => reuse.status)).toEqual([401, 401, 401]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.body.text).toContain('change your password');
    expect(alerts[0]?.body.text).toContain('vitest');
  });

  it('lets only one of two concurrent refreshes of one token win, and revokes the session', async () => {
    const account = await registered();

    const [first, second] = await Promise.all([refresh(account.refreshToken), refresh(account.refreshToken)]);

    expect([first.status, second.status].sort()).toEqual([200, 401]);
    const winner = first.status === 200 ? first : second;
    const loser = first.status === 200 ? second : first;
    expect(loser.body.code).toBe('refresh_token_reused');
    expect((await refresh(winner.body.data.refresh_token)).status).toBe(401);
  });

  it('refuses unknown and malformed refresh tokens without ending the real session', async () => {
    const account = await registered();
    const guessed = `${sessionIdOf(account.refreshToken)}.${randomBytes(32).toString('base64url')}`;

    const answers = await Promise.all(
      [guessed, '01J00000000000000000000000.AAAAAAAAAAAAAAAAAAAAAAAA', 'not-a-token'].map((token) => refresh(token)),
    );

    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(answers.map((answer) => answer.body.code)).toEqual(['invalid_refresh_token', 'invalid_refresh_token', 'invalid_refresh_token']);
    expect((await refresh(account.refreshToken)).status).toBe(200);
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session: the same access token and the refresh token get 401 afterwards', async () => {
    const account = await registered();

    const response = await call('POST', '/api/auth/logout', { token: account.accessToken });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { logged_out: true } });
    const after = await currentUser(account.accessToken);
    expect(after.status).toBe(401);
    expect(after.headers['WWW-Authenticate']).toBe('Bearer');
    expect((await call('POST', '/api/auth/logout', { token: account.accessToken })).status).toBe(401);
    expect((await refresh(account.refreshToken)).status).toBe(401);
  });

  it('records the logout in the user audit trail with the session deletion', async () => {
    const account = await registered();

    await call('POST', '/api/auth/logout', { token: account.accessToken });

    const audit = await db().send(new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': userKeys.item(account.userId).pk, ':audit': 'AUDIT#' },
    }));
    expect((audit.Items ?? []).map((item) => item.action).sort()).toEqual(['logout', 'register']);
  });

  it('needs a token', async () => {
    const response = await call('POST', '/api/auth/logout');

    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthorized');
  });
});

describe('access tokens on protected routes', () => {
  it.each([
    ['expired', async (account: { userId: string; refreshToken: string }) =>
      craftedToken(account, { expiresAt: Math.floor(Date.now() / 1000) - 5 })],
    ['signed with another key', async (account: { userId: string; refreshToken: string }) =>
      craftedToken(account, { alg: 'HS256', key: randomBytes(48) })],
    ['for another audience', async (account: { userId: string; refreshToken: string }) =>
      craftedToken(account, { audience: 'someone-else' })],
    ['from another issuer', async (account: { userId: string; refreshToken: string }) =>
      craftedToken(account, { issuer: 'evil' })],
    ['unsigned (alg none)', async (account: { userId: string; refreshToken: string }) => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      return `${part({ alg: 'none', typ: 'JWT' })}.${part({
        sub: account.userId, sid: sessionIdOf(account.refreshToken), username: 'x',
        iss: 'event-planning-api', aud: 'event-planning-web', iat: now, exp: now + 600,
      })}.`;
    }],
    ['garbage', async () => 'abc.def.ghi'],
  ])('refuses a token that is %s with 401', async (_kind, makeToken) => {
    const account = await registered();
    const token = await makeToken(account);

    const response = await currentUser(token);

    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthorized');
  });

  it('accepts a well-made token for a live session (the crafted tokens above differ only in the flaw)', async () => {
    const account = await registered();

    const response = await currentUser(await craftedToken(account, {}));

    expect(response.status).toBe(200);
  });
});
