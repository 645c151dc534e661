import { describe, expect, it } from 'vitest';
import { fakeApi, json, signedIn } from './fake-api.ts';

/**
 * Signing in to an account with a second factor (docs/mfa.md): the password step answers a challenge and
 * keeps no session; the second step with a code signs in and keeps its tokens.
 */
const challenge = { mfa_required: true, challenge: 'challenge-1', challenge_expires_in: 300, methods: ['totp', 'recovery_code'] };

describe('signIn with a second factor', () => {
  it('answers the challenge without keeping tokens, then signInWithSecondFactor keeps the session', async () => {
    const api = fakeApi((request) => (request.path === '/api/auth/login' ? json(200, { data: challenge }) : signedIn('access-2', 'refresh-2')));
    const client = api.client();

    const first = await client.signIn({ login: 'ada', password: 'violet-kettle-1843' });
    const tokensAfterPassword = client.session.tokens;
    const user = await client.signInWithSecondFactor({ challenge: 'challenge-1', code: '492039' });

    expect(first).toEqual(challenge);
    expect(tokensAfterPassword).toBeNull();
    expect(user).toMatchObject({ id: 'u1', username: 'ada' });
    expect(client.session.tokens).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(api.sent.map((request) => [request.path, JSON.parse(request.body)])).toEqual([
      ['/api/auth/login', { login: 'ada', password: 'violet-kettle-1843' }],
      ['/api/auth/login/mfa', { challenge: 'challenge-1', code: '492039' }],
    ]);
  });
});
