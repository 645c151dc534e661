import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { runUnverifiedAccountExpiry } from '../../functions/accounts/handler.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { accountTokenKeys, rateLimitKeys, unverifiedAccountKeys, userKeys } from '../../shared/data/keys.ts';
import { RESEND_LIMITS, resendWindow } from '../../shared/domain/accounts/email-verification.ts';
import { call, currentUser, freshIp, login, mailedVerificationToken, newRegistration, register, registered, storedItem, verificationTokenIn } from './auth-fixtures.ts';
import { emailsFor, runSender } from './invitations-fixtures.ts';

/**
 * Email verification end to end through the real handlers, the outbox sender and the SES emulator:
 * registration mails a link, its token verifies once, expires, can be re-sent (throttled); an email
 * change confirms the new address and tells the old one; accounts never verified expire after 7 days.
 */
const DAY_MS = 24 * 3600 * 1000;

const tokenIn = verificationTokenIn;
const mailedToken = mailedVerificationToken;

const verify = (token: string) => call('POST', '/api/auth/email/verify', { body: { token } });

describe('registration sends a verification mail', () => {
  it('mails one link; its token verifies the address once, and the user then shows email_verified', async () => {
    const account = await registered();
    const before = await currentUser(account.accessToken);

    await runSender();
    await runSender();
    const mails = await emailsFor(account.registration.email);
    const token = tokenIn(mails[0]?.body.text);
    const verified = await verify(token);
    const again = await verify(token);
    const after = await currentUser(account.accessToken);

    expect(before.body.data.email_verified).toBe(false);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Confirm your email address');
    expect(token.startsWith(`${account.userId}.`)).toBe(true);
    expect(verified.status).toBe(200);
    expect(verified.body.data).toEqual({ email: account.registration.email, email_verified: true, changed: false });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_verification_token');
    expect(after.body.data.email_verified).toBe(true);
    expect(await storedItem(userKeys.item(account.userId))).toMatchObject({ email_verified_at: expect.any(String) });
    expect(await storedItem(unverifiedAccountKeys.marker(account.userId))).toBeUndefined();
  });

  it('stores the token only hashed, good for 24 hours, and refuses it once expired', async () => {
    const account = await registered();
    const token = await mailedToken(account.registration.email);
    const stored = await storedItem(accountTokenKeys.item(account.userId, 'email_verification'));
    await db().send(new UpdateCommand({ TableName: tableName(), Key: accountTokenKeys.item(account.userId, 'email_verification'), UpdateExpression: 'SET expires_at = :past', ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() } }));

    const expired = await verify(token);

    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
    expect(Date.parse(String(stored?.expires_at)) - Date.parse(String(stored?.created_at))).toBe(DAY_MS);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('invalid_verification_token');
    expect((await currentUser(account.accessToken)).body.data.email_verified).toBe(false);
  });

  it('refuses tokens that are not one, with the same problem', async () => {
    const answers = await Promise.all(['nonsense', `${'0'.repeat(26)}.${'a'.repeat(43)}`].map(verify));

    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual([[400, 'invalid_verification_token'], [400, 'invalid_verification_token']]);
  });
});

describe('POST /api/auth/email/resend', () => {
  const resend = (token: string) => call('POST', '/api/auth/email/resend', { token });

  it('sends a new link (the old one stops working), at most once a minute', async () => {
    const account = await registered();
    const first = await mailedToken(account.registration.email);

    const resent = await resend(account.accessToken);
    const tooSoon = await resend(account.accessToken);
    const second = await mailedToken(account.registration.email);

    expect(resent.status).toBe(202);
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.code).toBe('rate_limited');
    expect(Number(tooSoon.headers['Retry-After'])).toBeGreaterThan(0);
    expect(Number(tooSoon.headers['Retry-After'])).toBeLessThanOrEqual(60);
    expect(await emailsFor(account.registration.email)).toHaveLength(2);
    expect(second).not.toBe(first);
    expect((await verify(first)).status).toBe(400);
    expect((await verify(second)).status).toBe(200);
    expect((await resend(account.accessToken)).body.code).toBe('email_already_verified');
  });

  it('allows five a day', async () => {
    const account = await registered();
    const now = new Date();
    const day = RESEND_LIMITS[1];
    // This day's window and the next are both used up, so a request that crosses midnight UTC meets a full one too.
    for (const at of [now, new Date(now.getTime() + 60_000)]) {
      await db().send(new PutCommand({ TableName: tableName(), Item: { ...rateLimitKeys.window(day.scope, account.userId, resendWindow(day, at).start), requests: day.requests } }));
    }

    const response = await resend(account.accessToken);
    const answered = Math.floor(Date.now() / 1000);
    const dayEnd = resendWindow(day, new Date(answered * 1000)).end;

    expect(response.status).toBe(429);
    // The day's limit answers, not the minute's: wait until the day's window ends (near midnight that is under a minute too).
    expect(Number(response.headers['Retry-After'])).toBeGreaterThanOrEqual(dayEnd - answered - 2);
    expect(Number(response.headers['Retry-After'])).toBeLessThanOrEqual(dayEnd - answered + 2);
  });
});

describe('squatting expiry: accounts never verified within 7 days', () => {
  it('deletes the account and its claims, so the owner of the address can register; keeps verified and younger ones', async () => {
    const squatter = await registered();
    const owner = await registered();
    await verify(await mailedToken(owner.registration.email));
    const young = await registered();
    await db().send(new UpdateCommand({ TableName: tableName(), Key: unverifiedAccountKeys.marker(young.userId), UpdateExpression: 'SET expires_at = :later, gsi2sk = :sort', ExpressionAttributeValues: { ':later': new Date(Date.now() + 9 * DAY_MS).toISOString(), ':sort': `${new Date(Date.now() + 9 * DAY_MS).toISOString()}#USER#${young.userId}` } }));

    const early = await runUnverifiedAccountExpiry(new Date(Date.now() + 6 * DAY_MS), Date.now() + 60_000);
    const run = await runUnverifiedAccountExpiry(new Date(Date.now() + 7 * DAY_MS + 60_000), Date.now() + 60_000);
    const again = await register({ ...newRegistration(), username: squatter.registration.username, email: squatter.registration.email });

    // Earlier tests of this file registered unverified accounts in this table too: they go in the same run.
    expect(early.deleted).toBe(0);
    expect(run.deleted).toBeGreaterThanOrEqual(1);
    expect(again.status).toBe(201);
    expect(again.body.data.user.id).not.toBe(squatter.userId);
    expect(await storedItem(userKeys.item(squatter.userId))).toBeUndefined();
    expect(await storedItem(userKeys.item(owner.userId))).toMatchObject({ username: owner.registration.username });
    expect(await storedItem(userKeys.item(young.userId))).toBeDefined();
    expect(await storedItem(userKeys.usernameClaim(squatter.registration.username))).toMatchObject({ user_id: again.body.data.user.id });
    expect((await login({ login: squatter.registration.username, password: squatter.registration.password }, freshIp())).status).toBe(401);
  });

  it('keeps an unverified account that created an event', async () => {
    const planner = await registered();
    await db().send(new UpdateCommand({ TableName: tableName(), Key: userKeys.item(planner.userId), UpdateExpression: 'SET events_created = :one', ExpressionAttributeValues: { ':one': 1 } }));

    const run = await runUnverifiedAccountExpiry(new Date(Date.now() + 8 * DAY_MS), Date.now() + 60_000);

    expect(run.kept_with_events).toBeGreaterThanOrEqual(1);
    expect(await storedItem(userKeys.item(planner.userId))).toBeDefined();
    expect(await storedItem(unverifiedAccountKeys.marker(planner.userId))).toBeUndefined();
  });
});

describe('PUT /api/auth/email', () => {
  const changeEmail = (token: string, body: unknown) => call('PUT', '/api/auth/email', { token, body });

  it('changes the email only when the new address confirms it; the old address is told; claims move in one step', async () => {
    const account = await registered();
    await verify(await mailedToken(account.registration.email));
    const newEmail = `moved.${account.userId.slice(-8).toLowerCase()}@example.org`;

    const wrongPassword = await changeEmail(account.accessToken, { new_email: newEmail, password: 'not-my-password-1' });
    const asked = await changeEmail(account.accessToken, { new_email: newEmail, password: account.registration.password });
    const token = await mailedToken(newEmail, 'Confirm your new email address');
    const notices = (await emailsFor(account.registration.email)).filter((mail) => mail.subject === 'Your account email is being changed');
    const meanwhile = await currentUser(account.accessToken);
    const confirmed = await verify(token);
    const after = await currentUser(account.accessToken);

    expect(wrongPassword.status).toBe(403);
    expect(asked.status).toBe(202);
    expect(asked.body.data).toEqual({ email: account.registration.email, pending_email: newEmail });
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body.text).toContain(newEmail);
    expect(notices[0]?.body.text).not.toContain('/verify-email/');
    expect(meanwhile.body.data.email).toBe(account.registration.email);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toEqual({ email: newEmail, email_verified: true, changed: true });
    expect(after.body.data).toMatchObject({ email: newEmail, email_verified: true });
    expect(await storedItem(userKeys.emailClaim(newEmail))).toMatchObject({ user_id: account.userId });
    expect(await storedItem(userKeys.emailClaim(account.registration.email))).toBeUndefined();
    expect((await login({ login: newEmail, password: account.registration.password }, freshIp())).status).toBe(200);
    expect((await register({ ...newRegistration(), email: account.registration.email })).status).toBe(201);
    expect((await verify(token)).status).toBe(400);
  });

  it('asks for an address another account holds like any other (202); its link refuses it (409) only when that account verified it', async () => {
    const account = await registered();
    const owner = await registered();
    expect((await verify(await mailedToken(owner.registration.email))).status).toBe(200);
    const later = `later.${account.userId.slice(-8).toLowerCase()}@example.org`;
    const password = account.registration.password;

    const taken = await changeEmail(account.accessToken, { new_email: owner.registration.email, password });
    const refused = await verify(await mailedToken(owner.registration.email, 'Confirm your new email address'));
    const free = await changeEmail(account.accessToken, { new_email: later, password });
    const token = await mailedToken(later, 'Confirm your new email address');
    // Registered meanwhile by someone who never proves it: the address is still free to be proved.
    const squatter = await registered({ email: later });
    const confirmed = await verify(token);

    expect([taken.status, free.status]).toEqual([202, 202]);
    expect(Object.keys(taken.body.data)).toEqual(Object.keys(free.body.data));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('email_taken');
    expect(await storedItem(userKeys.emailClaim(owner.registration.email))).toMatchObject({ user_id: owner.userId });
    expect(confirmed.status).toBe(200);
    expect(await storedItem(userKeys.item(account.userId))).toMatchObject({ email: later, email_verified_at: expect.any(String) });
    expect(await storedItem(userKeys.emailClaim(later))).toEqual(expect.not.objectContaining({ unverified: true }));
    expect(await storedItem(userKeys.emailClaim(later))).toMatchObject({ user_id: account.userId });
    expect(squatter.userId).not.toBe(account.userId);
  });
});
