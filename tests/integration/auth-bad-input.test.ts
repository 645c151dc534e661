import { describe, expect, it } from 'vitest';
import { userKeys } from '../../shared/data/keys.ts';
import { call, freshIp, login, newRegistration, register, registered, storedItem } from './auth-fixtures.ts';

const pathsOf = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((problem) => problem.path).sort();

describe('bad input to the auth routes', () => {
  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await call('POST', '/api/auth/register', { rawBody: '{"username": "ada",' });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
    expect(response.headers['Content-Type']).toBe('application/problem+json');
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await call('POST', '/api/auth/login', {
      rawBody: 'username=ada&password=secret',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expect(response.status).toBe(415);
    expect(response.body.code).toBe('unsupported_media_type');
  });

  it('lists every missing field of a registration at once', async () => {
    const response = await register({} as never);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_error');
    expect(pathsOf(response.body)).toEqual(['email', 'full_name', 'password', 'username']);
  });

  it('lists every wrong type and oversize string at once, and writes nothing', async () => {
    const registration = newRegistration();

    const response = await register({
      username: 'u'.repeat(33),
      email: `${'e'.repeat(250)}@example.com`,
      password: 'p'.repeat(257),
      full_name: 'F'.repeat(101),
      phone: '1'.repeat(31),
    });
    const wrongTypes = await register({ ...registration, username: 42, full_name: ['Ada'], phone: true } as never);

    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['email', 'full_name', 'password', 'phone', 'username']);
    expect(wrongTypes.status).toBe(400);
    expect(pathsOf(wrongTypes.body)).toEqual(['full_name', 'phone', 'username']);
    expect(await storedItem(userKeys.emailClaim(registration.email))).toBeUndefined();
  });

  it.each([
    ['too short', 'ab'],
    ['with a space', 'ada lovelace'],
    ['with an @', 'ada@home'],
    ['with a slash', 'ada/1'],
    ['with a non-ASCII letter', 'adä_lovelace'],
  ])('refuses a username %s', async (_why, username) => {
    const response = await register(newRegistration({ username }));

    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['username']);
  });

  it.each([
    ['shorter than 10 characters', 'Short-9ch'],
    ['one of the most common passwords', 'qwertyuiop'],
    ['a common password in capitals', 'PASSWORD123'],
  ])('refuses a password %s', async (_why, password) => {
    const response = await register(newRegistration({ password }));

    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['password']);
  });

  it('refuses a password equal to the username or the email', async () => {
    const sameAsName = newRegistration({ username: 'Lovelace_1815' });
    sameAsName.password = 'lovelace_1815';
    const sameAsEmail = newRegistration({ email: 'countess.ada@example.com' });
    sameAsEmail.password = 'Countess.Ada@example.com';

    const answers = [await register(sameAsName), await register(sameAsEmail)];

    expect(answers.map((answer) => answer.status)).toEqual([400, 400]);
    expect(answers.map((answer) => pathsOf(answer.body))).toEqual([['password'], ['password']]);
    expect(answers[0]?.body.errors[0].message).toMatch(/username or email/);
  });

  it('refuses a password made only of the service\'s words and the username, with digits and symbols added', async () => {
    const productWords = newRegistration({ password: 'WeddingPlanner2026!' });
    const nameAndDigits = newRegistration({ username: 'Lovelace_1815' });
    nameAndDigits.password = 'LOVELACE-event-1815';

    const answers = [await register(productWords), await register(nameAndDigits)];

    expect(answers.map((answer) => answer.status)).toEqual([400, 400]);
    expect(answers.map((answer) => pathsOf(answer.body))).toEqual([['password'], ['password']]);
    expect(answers[0]?.body.errors[0].message).toMatch(/words of this service/);
  });

  it('lists a bad password together with other bad fields', async () => {
    const response = await register({ ...newRegistration({ password: 'password123' }), email: 'not-an-email' });

    expect(pathsOf(response.body)).toEqual(['email', 'password']);
  });

  it('refuses a login without any name and without a password, listing both', async () => {
    const response = await login({}, freshIp());

    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['login', 'password']);
  });

  it('refuses oversize login fields before any lookup', async () => {
    const response = await login({ login: 'x'.repeat(255), password: 'y'.repeat(257) }, freshIp());

    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['login', 'password']);
  });

  it('refuses a refresh without a token', async () => {
    const response = await call('POST', '/api/auth/refresh', { body: { refresh_token: 12 } });

    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['refresh_token']);
  });

  it('refuses unknown fields of a login, naming them; logout takes no body and ignores one', async () => {
    const account = await registered();

    const loggedIn = await login({ username: account.registration.username, password: account.registration.password, admin: true }, freshIp());
    const loggedOut = await call('POST', '/api/auth/logout', { token: account.accessToken, body: { user_id: 'someone-else' } });

    expect(loggedIn.status).toBe(400);
    expect(pathsOf(loggedIn.body)).toEqual(['admin']);
    expect(loggedOut.status).toBe(200);
  });
});
