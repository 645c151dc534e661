import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { secondFactorKeys, sessionKeys } from '../../shared/data/keys.ts';
import { userSessionIds } from '../../shared/data/sessions.ts';
import { captureSecurityEvents } from '../../shared/security/events.ts';
import { call, currentUser, freshIp, login, registered, storedItem } from './auth-fixtures.ts';
import {
  accountWithSecondFactor,
  codeFor,
  confirmEnrolment,
  nextStep,
  ownerProof,
  passwordStep,
  secondStep,
  startEnrolment,
  useTestClock,
  wrongCodeFor,
} from './mfa-fixtures.ts';

/**
 * A second factor for accounts (issue 20, ASVS 5.0 6.3.3; docs/mfa.md): TOTP enrolment by QR code,
 * sign-in in two steps where the password alone yields only a challenge, recovery codes, code guesses
 * throttled like passwords, turning the factor off and new recovery codes.
 */
let capture: ReturnType<typeof captureSecurityEvents>;
beforeEach(() => {
  useTestClock();
  capture = captureSecurityEvents();
});
afterEach(() => {
  capture.stop();
  vi.useRealTimers();
});

const kinds = () => capture.events.map((event) => event.kind);
const status = (token: string) => call('GET', '/api/auth/mfa', { token });

describe('enrolment', () => {
  it('answers the secret, its otpauth URI and a QR code, with the password; stores the secret only sealed', async () => {
    const account = await registered();

    const wrongPassword = await startEnrolment(account, 'not-my-password-1');
    const answer = await startEnrolment(account);

    expect(wrongPassword.status).toBe(403);
    expect(wrongPassword.body.code).toBe('wrong_password');
    expect(answer.status).toBe(200);
    const { secret, otpauth_uri: uri, qr_code: qr } = answer.body.data;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(`otpauth://totp/Event%20Planning:${account.registration.username}?issuer=Event%20Planning&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    expect(qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qr.split(',')[1], 'base64').toString()).toContain('<svg');
    expect((await status(account.accessToken)).body.data).toEqual({ enabled: false, enabled_at: null, recovery_codes_left: 0, enrolment_pending: true });
    expect(JSON.stringify(await storedItem(secondFactorKeys.factor(account.userId)))).not.toContain(secret);
  });

  it('refuses a wrong first code and stays off; the right one turns it on with 10 recovery codes stored only hashed', async () => {
    const account = await registered();
    const { secret } = (await startEnrolment(account)).body.data;

    const wrong = await confirmEnrolment(account, wrongCodeFor(secret));
    const afterWrong = await status(account.accessToken);
    const right = await confirmEnrolment(account, codeFor(secret));

    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('invalid_mfa_code');
    expect(afterWrong.body.data.enabled).toBe(false);
    expect(right.status).toBe(200);
    const codes = right.body.data.recovery_codes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){5}$/);
    expect((await status(account.accessToken)).body.data).toMatchObject({ enabled: true, recovery_codes_left: 10, enrolment_pending: false });
    const stored = JSON.stringify(await storedItem(secondFactorKeys.factor(account.userId)));
    for (const code of codes) expect(stored).not.toContain(code);
    expect(kinds()).toContain('mfa.enabled');
  });

  it('ends every other session of the account when it is turned on, and keeps this one', async () => {
    const account = await registered();
    const elsewhere = await login({ login: account.registration.username, password: account.registration.password }, freshIp());
    const { secret } = (await startEnrolment(account)).body.data;

    const confirmed = await confirmEnrolment(account, codeFor(secret));

    expect(confirmed.body.data.other_sessions_ended).toBe(1);
    expect((await currentUser(elsewhere.body.data.access_token)).status).toBe(401);
    expect((await currentUser(account.accessToken)).status).toBe(200);
    expect(await userSessionIds(account.userId)).toEqual([account.refreshToken.split('.')[0]]);
  });

  it('refuses to start another set-up while one is on (409)', async () => {
    const account = await accountWithSecondFactor();

    const again = await startEnrolment(account);

    expect(again.status).toBe(409);
    expect(again.body.code).toBe('mfa_already_enabled');
  });
});

describe('sign-in in two steps', () => {
  it('answers the password alone with a challenge only: no tokens and no session', async () => {
    const account = await accountWithSecondFactor();
    const sessionsBefore = await userSessionIds(account.userId);

    const answer = await login({ login: account.registration.username, password: account.registration.password }, freshIp());

    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ mfa_required: true, challenge: expect.any(String), challenge_expires_in: 300, methods: ['totp', 'recovery_code'] });
    expect(JSON.stringify(answer.body)).not.toMatch(/access_token|refresh_token/);
    expect(await userSessionIds(account.userId)).toEqual(sessionsBefore);
    expect(kinds()).toContain('login.mfa_required');
    expect(kinds()).not.toContain('login.succeeded');
  });

  it('gives nothing for the challenge alone, a wrong code or a made-up challenge', async () => {
    const account = await accountWithSecondFactor();
    const challenge = await passwordStep(account);

    const alone = await secondStep({ challenge });
    const wrong = await secondStep({ challenge, code: wrongCodeFor(account.secret) });
    const madeUp = await secondStep({ challenge: 'q8Xw0cJ3f7Yv2mZk9LpT4sRb6nHd1gEa5uWi0oQyKjc', code: codeFor(account.secret) });

    expect(alone.status).toBe(400);
    expect(alone.body.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    expect([wrong.status, wrong.body.code]).toEqual([401, 'invalid_mfa_code']);
    expect([madeUp.status, madeUp.body.code]).toEqual([401, 'invalid_mfa_challenge']);
    for (const answer of [alone, wrong, madeUp]) expect(JSON.stringify(answer.body)).not.toContain('access_token');
    expect(kinds().filter((kind) => kind === 'mfa.challenge_failed')).toHaveLength(1);
  });

  it('signs in with a right code exactly as a login does, once per challenge', async () => {
    const account = await accountWithSecondFactor();
    const challenge = await passwordStep(account);

    const answer = await secondStep({ challenge, code: codeFor(account.secret) }, '203.0.113.91');
    nextStep();
    const again = await secondStep({ challenge, code: codeFor(account.secret) });

    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ user: { id: account.userId }, token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) });
    expect((await currentUser(answer.body.data.access_token)).status).toBe(200);
    expect(await storedItem(sessionKeys.item(String(answer.body.data.refresh_token).split('.')[0] ?? ''))).toMatchObject({ user_id: account.userId, user_agent: 'vitest' });
    expect([again.status, again.body.code]).toEqual([401, 'invalid_mfa_challenge']);
    expect(capture.events.find((event) => event.kind === 'login.succeeded')).toMatchObject({ user_id: account.userId, source_ip: '203.0.113.91' });
  });

  it('refuses a code already used, even with a new challenge; the next step\'s code works', async () => {
    const account = await accountWithSecondFactor();
    const code = codeFor(account.secret);
    await secondStep({ challenge: await passwordStep(account), code });

    const reused = await secondStep({ challenge: await passwordStep(account), code });
    nextStep();
    const next = await secondStep({ challenge: await passwordStep(account), code: codeFor(account.secret) });

    expect([reused.status, reused.body.code]).toEqual([401, 'mfa_code_used']);
    expect(next.status).toBe(200);
  });

  it('takes a recovery code once (any case, with or without dashes), and counts what is left', async () => {
    const account = await accountWithSecondFactor();
    const [recoveryCode] = account.recoveryCodes as [string];

    const used = await secondStep({ challenge: await passwordStep(account), recovery_code: recoveryCode.replaceAll('-', '').toUpperCase() });
    const usedAgain = await secondStep({ challenge: await passwordStep(account), recovery_code: recoveryCode });

    expect(used.status).toBe(200);
    expect([usedAgain.status, usedAgain.body.code]).toEqual([401, 'invalid_mfa_code']);
    expect((await status(used.body.data.access_token)).body.data.recovery_codes_left).toBe(9);
    expect(kinds().filter((kind) => kind === 'mfa.recovery_code_used')).toHaveLength(1);
  });

  it('lets a challenge expire after 5 minutes', async () => {
    const account = await accountWithSecondFactor();
    const challenge = await passwordStep(account);

    nextStep(11);
    const late = await secondStep({ challenge, code: codeFor(account.secret) });

    expect([late.status, late.body.code]).toEqual([401, 'invalid_mfa_challenge']);
  });
});

describe('code guesses are throttled like passwords', () => {
  it('kills a challenge at its 5th wrong code, then locks the account\'s codes with a backoff whatever the challenge', async () => {
    const account = await accountWithSecondFactor();
    const challenge = await passwordStep(account);

    const guesses = [];
    for (let guess = 0; guess < 5; guess += 1) guesses.push((await secondStep({ challenge, code: wrongCodeFor(account.secret) })).body.code);
    const rightAfterDeath = await secondStep({ challenge, code: codeFor(account.secret) });
    const locked = await secondStep({ challenge: await passwordStep(account), code: codeFor(account.secret) }, '198.51.100.200');
    nextStep(2);
    const afterLock = await secondStep({ challenge: await passwordStep(account), code: codeFor(account.secret) });

    expect(guesses).toEqual(Array(5).fill('invalid_mfa_code'));
    expect([rightAfterDeath.status, rightAfterDeath.body.code]).toEqual([401, 'invalid_mfa_challenge']);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['Retry-After'])).toBeGreaterThan(0);
    expect(afterLock.status).toBe(200);
    expect(kinds().filter((kind) => kind === 'mfa.challenge_failed')).toHaveLength(5);
  });

  it('holds the owner\'s own changes to the factor to the same count', async () => {
    const account = await accountWithSecondFactor();

    const answers = [];
    for (let guess = 0; guess < 6; guess += 1) answers.push((await ownerProof('/api/auth/mfa/disable', account, { code: wrongCodeFor(account.secret) })).status);

    expect(answers).toEqual([403, 403, 403, 403, 403, 429]);
    expect((await status(account.accessToken)).body.data.enabled).toBe(true);
  });
});

describe('turning it off and new recovery codes', () => {
  it('turns off only with the password and a right code; sign-in is then by password alone', async () => {
    const account = await accountWithSecondFactor();

    const wrongPassword = await call('POST', '/api/auth/mfa/disable', { token: account.accessToken, body: { current_password: 'not-my-password-1', code: codeFor(account.secret) } });
    const wrongCode = await ownerProof('/api/auth/mfa/disable', account, { code: wrongCodeFor(account.secret) });
    const off = await ownerProof('/api/auth/mfa/disable', account, { code: codeFor(account.secret) });
    const signIn = await login({ login: account.registration.username, password: account.registration.password }, freshIp());

    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([403, 'wrong_password']);
    expect([wrongCode.status, wrongCode.body.code]).toEqual([403, 'invalid_mfa_code']);
    expect(off.status).toBe(200);
    expect(off.body.data).toEqual({ mfa_enabled: false });
    expect(signIn.body.data.access_token).toEqual(expect.any(String));
    expect(await storedItem(secondFactorKeys.factor(account.userId))).toBeUndefined();
    expect(kinds()).toContain('mfa.disabled');
  });

  it('turns off with a recovery code too (the phone is lost)', async () => {
    const account = await accountWithSecondFactor();

    const off = await ownerProof('/api/auth/mfa/disable', account, { recovery_code: account.recoveryCodes[3] });

    expect(off.status).toBe(200);
    expect((await status(account.accessToken)).body.data.enabled).toBe(false);
  });

  it('replaces the recovery codes: the old ones stop working, the new ones work', async () => {
    const account = await accountWithSecondFactor();

    const replaced = await ownerProof('/api/auth/mfa/recovery-codes', account, { code: codeFor(account.secret) });
    const oldCode = await secondStep({ challenge: await passwordStep(account), recovery_code: account.recoveryCodes[0] });
    const newCode = await secondStep({ challenge: await passwordStep(account), recovery_code: replaced.body.data.recovery_codes[0] });

    expect(replaced.status).toBe(200);
    expect(replaced.body.data.recovery_codes).toHaveLength(10);
    expect(replaced.body.data.recovery_codes).not.toContain(account.recoveryCodes[0]);
    expect([oldCode.status, oldCode.body.code]).toEqual([401, 'invalid_mfa_code']);
    expect(newCode.status).toBe(200);
    expect(kinds()).toContain('mfa.recovery_codes_replaced');
  });

  it('answers 409 to turning off or new codes on an account without a second factor', async () => {
    const account = await registered();

    const off = await ownerProof('/api/auth/mfa/disable', account, { code: '123456' });

    expect([off.status, off.body.code]).toEqual([409, 'mfa_not_enabled']);
  });
});
