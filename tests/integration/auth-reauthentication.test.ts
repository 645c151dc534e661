import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, freshIp, login, registered } from './auth-fixtures.ts';
import { type Account, accountWithSecondFactor, codeFor, useTestClock, wrongCodeFor } from './mfa-fixtures.ts';

/**
 * Asking the owner again (issue 20; ASVS 5.0 6.3.1, 7.5.1, 7.5.2; docs/accounts.md, docs/mfa.md): every
 * password asked again is under the sign-in backoff, the email and password changes take the second
 * factor too when it is on, and ending other sessions takes the password.
 */
beforeEach(() => useTestClock());
afterEach(() => vi.useRealTimers());

/** Enough wrong guesses from one address to pass the free failures of the default rules. */
const GUESSES = 7;

const otherSessionOf = async (account: Account): Promise<string> => {
  const other = await login({ login: account.registration.username, password: account.registration.password }, freshIp());
  return String(other.body.data.refresh_token).split('.')[0] as string;
};

type Guess = (account: Account, password: string, sourceIp: string) => ReturnType<typeof call>;
const routes: Record<string, { mfa: boolean; guess: Guess }> = {
  'PUT /api/auth/password': { mfa: false, guess: (account, password, sourceIp) => call('PUT', '/api/auth/password', { token: account.accessToken, sourceIp, body: { current_password: password, new_password: 'difference-engine-1822' } }) },
  'PUT /api/auth/email': { mfa: false, guess: (account, password, sourceIp) => call('PUT', '/api/auth/email', { token: account.accessToken, sourceIp, body: { new_email: 'moved.elsewhere@example.org', password } }) },
  'POST /api/auth/mfa/totp': { mfa: false, guess: (account, password, sourceIp) => call('POST', '/api/auth/mfa/totp', { token: account.accessToken, sourceIp, body: { current_password: password } }) },
  'POST /api/auth/mfa/disable': { mfa: true, guess: (account, password, sourceIp) => call('POST', '/api/auth/mfa/disable', { token: account.accessToken, sourceIp, body: { current_password: password, code: '123456' } }) },
  'POST /api/auth/mfa/recovery-codes': { mfa: true, guess: (account, password, sourceIp) => call('POST', '/api/auth/mfa/recovery-codes', { token: account.accessToken, sourceIp, body: { current_password: password, code: '123456' } }) },
  'POST /api/auth/sessions/revoke-all': { mfa: false, guess: (account, password, sourceIp) => call('POST', '/api/auth/sessions/revoke-all', { token: account.accessToken, sourceIp, body: { password } }) },
  'DELETE /api/auth/sessions/{session_id}': {
    mfa: false,
    guess: async (account, password, sourceIp) => call('DELETE', `/api/auth/sessions/${await otherSessionOf(account)}`, { token: account.accessToken, sourceIp, body: { password } }),
  },
};

describe.each(Object.entries(routes))('%s: the password under the sign-in backoff', (_route, { mfa, guess }) => {
  it('refuses wrong passwords with 403, then 429 with Retry-After past the free failures, even the right one; the sign-in from there is locked too', async () => {
    const account = mfa ? await accountWithSecondFactor() : await registered();
    const sourceIp = freshIp();
    const answers = [];
    for (let attempt = 0; attempt < GUESSES; attempt += 1) answers.push(await guess(account, `wrong-password-${attempt}`, sourceIp));

    const statuses = answers.map((answer) => answer.status);
    expect(statuses[0]).toBe(403);
    expect(answers[0]?.body.code).toBe('wrong_password');
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(statuses.indexOf(429)).every((status) => status === 429)).toBe(true);
    expect(answers.at(-1)?.headers['Retry-After']).toMatch(/^\d+$/);
    expect((await guess(account, account.registration.password, sourceIp)).status).toBe(429);
    // Counted as failed sign-ins: the sign-in page from the same address is locked as well.
    expect((await login({ login: account.registration.username, password: account.registration.password }, sourceIp)).status).toBe(429);
  });
});

describe('with a second factor on, the email and password changes take a code too', () => {
  const changePassword = (account: Account, proof: Record<string, unknown>) =>
    call('PUT', '/api/auth/password', { token: account.accessToken, sourceIp: freshIp(), body: { current_password: account.registration.password, new_password: 'difference-engine-1822', ...proof } });
  const changeEmail = (account: Account, proof: Record<string, unknown>) =>
    call('PUT', '/api/auth/email', { token: account.accessToken, sourceIp: freshIp(), body: { new_email: `moved.${account.userId.toLowerCase()}@example.org`, password: account.registration.password, ...proof } });

  it('PUT /api/auth/password: refused without a code (mfa_code_required) and with a wrong one; changed with the code', async () => {
    const account = await accountWithSecondFactor();

    const without = await changePassword(account, {});
    const wrong = await changePassword(account, { code: wrongCodeFor(account.secret) });
    const right = await changePassword(account, { code: codeFor(account.secret) });

    expect([without.status, without.body.code]).toEqual([403, 'mfa_code_required']);
    expect([wrong.status, wrong.body.code]).toEqual([403, 'invalid_mfa_code']);
    expect(right.status, JSON.stringify(right.body)).toBe(200);
    expect((await login({ login: account.registration.username, password: 'difference-engine-1822' }, freshIp())).body.data.mfa_required).toBe(true);
  });

  it('PUT /api/auth/email: refused without a code; accepted with a recovery code, which is then used up', async () => {
    const account = await accountWithSecondFactor();
    const [recoveryCode] = account.recoveryCodes;

    const without = await changeEmail(account, {});
    const accepted = await changeEmail(account, { recovery_code: recoveryCode });
    const again = await changeEmail(account, { recovery_code: recoveryCode });

    expect([without.status, without.body.code]).toEqual([403, 'mfa_code_required']);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect([again.status, again.body.code]).toEqual([403, 'invalid_mfa_code']);
  });

  it('refuses a code and a recovery code together (400)', async () => {
    const account = await accountWithSecondFactor();

    const both = await changePassword(account, { code: codeFor(account.secret), recovery_code: account.recoveryCodes[0] });

    expect(both.status).toBe(400);
  });

  it('an account without a second factor changes its email and password with the password alone, as before', async () => {
    const account = await registered();

    expect((await changeEmail(account, {})).status).toBe(202);
    expect((await changePassword(account, {})).status).toBe(200);
  });
});

describe('ending sessions takes the password (ASVS 7.5.2), except ending this one', () => {
  it('DELETE /api/auth/sessions/{another}: 403 password_required without it, wrong_password with a wrong one, ended with the right one', async () => {
    const account = await registered();
    const other = await otherSessionOf(account);
    const end = (body?: Record<string, unknown>) => call('DELETE', `/api/auth/sessions/${other}`, { token: account.accessToken, ...(body ? { body } : {}) });

    const without = await end();
    const wrong = await end({ password: 'not-the-password' });
    const right = await end({ password: account.registration.password });

    expect([without.status, without.body.code]).toEqual([403, 'password_required']);
    expect([wrong.status, wrong.body.code]).toEqual([403, 'wrong_password']);
    expect(right.status).toBe(200);
  });

  it('DELETE /api/auth/sessions/{this one}: a logout, no password asked', async () => {
    const account = await registered();

    const own = await call('DELETE', `/api/auth/sessions/${account.refreshToken.split('.')[0]}`, { token: account.accessToken });

    expect(own.status).toBe(200);
  });

  it('POST /api/auth/sessions/revoke-all: 400 without the password, 403 with a wrong one, every session ended with it', async () => {
    const account = await registered();
    const revoke = (body?: Record<string, unknown>) => call('POST', '/api/auth/sessions/revoke-all', { token: account.accessToken, ...(body ? { body } : {}) });

    const without = await revoke();
    const wrong = await revoke({ password: 'not-the-password' });
    const right = await revoke({ password: account.registration.password });

    expect(without.status).toBe(400);
    expect([wrong.status, wrong.body.code]).toEqual([403, 'wrong_password']);
    expect(right.status).toBe(200);
  });
});
