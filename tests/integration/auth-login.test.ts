import { describe, expect, it } from 'vitest';
import { freshIp, login, registered, withoutRequestId, currentUser } from './auth-fixtures.ts';

describe('POST /api/auth/login', () => {
  it.each([
    ['username in another case', (r: { username: string }) => ({ username: r.username.toUpperCase() })],
    ['email in another case', (r: { email: string }) => ({ email: r.email.toUpperCase() })],
    ['login holding the username', (r: { username: string }) => ({ login: r.username })],
    ['login holding the email', (r: { email: string }) => ({ login: r.email })],
  ])('signs in by %s and answers the token shape of register', async (_name, identify) => {
    const { registration, userId } = await registered();

    const response = await login({ ...identify(registration as never), password: registration.password }, freshIp());

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      user: expect.objectContaining({ id: userId, username: registration.username, email: registration.email }),
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.stringMatching(/^[0-9A-Z]{26}\./),
      refresh_expires_in: expect.any(Number),
    });
    expect(JSON.stringify(response.body)).not.toMatch(/scrypt|password_hash/);
    expect((await currentUser(response.body.data.access_token)).status).toBe(200);
  });

  it('answers a wrong password and an unknown user with the same 401 body', async () => {
    const { registration } = await registered();

    const wrongPassword = await login({ username: registration.username, password: 'not-the-password-1' }, freshIp());
    const unknownUser = await login({ username: 'nobody_here', password: 'not-the-password-1' }, freshIp());
    const unknownEmail = await login({ email: 'nobody@example.com', password: 'not-the-password-1' }, freshIp());

    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.code).toBe('invalid_credentials');
    expect(withoutRequestId(unknownUser.body)).toEqual(withoutRequestId(wrongPassword.body));
    expect(withoutRequestId(unknownEmail.body)).toEqual(withoutRequestId(wrongPassword.body));
    expect(unknownUser.status).toBe(401);
  });

  it('refuses an account from the address that failed 5 times with 429 and Retry-After, even with the right password', async () => {
    const { registration } = await registered();
    const address = freshIp();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const failure = await login({ username: registration.username, password: 'wrong-password-123' }, address);
      expect(failure.status).toBe(401);
    }

    const response = await login({ username: registration.username, password: registration.password }, address);

    expect(response.status).toBe(429);
    expect(response.body.code).toBe('rate_limited');
    const retryAfter = Number(response.headers['Retry-After']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
  });

  it('counts the username and the email of one account together, in any case', async () => {
    const { registration } = await registered({ username: 'Case_Counted' });
    const spellings = [registration.username, registration.email.toUpperCase(), registration.username.toLowerCase(), registration.email, registration.username.toUpperCase()];
    const address = freshIp();
    for (const spelling of spellings) await login({ login: spelling, password: 'wrong-password-123' }, address);

    const response = await login({ email: registration.email, password: registration.password }, address);

    expect(response.status).toBe(429);
  });

  it('clears the failures of the account and address on a successful sign-in', async () => {
    const { registration } = await registered();
    const address = freshIp();
    const fail = () => login({ username: registration.username, password: 'wrong-password-123' }, address);
    for (let attempt = 0; attempt < 4; attempt += 1) await fail();
    const success = await login({ username: registration.username, password: registration.password }, address);
    for (let attempt = 0; attempt < 4; attempt += 1) await fail();

    const response = await login({ username: registration.username, password: registration.password }, address);

    expect(success.status).toBe(200);
    expect(response.status).toBe(200);
  });

  it('starts a new session per sign-in, each with its own tokens', async () => {
    const { registration, refreshToken } = await registered();

    const response = await login({ username: registration.username, password: registration.password }, freshIp());

    expect(response.body.data.refresh_token.split('.')[0]).not.toBe(refreshToken.split('.')[0]);
  });
});
