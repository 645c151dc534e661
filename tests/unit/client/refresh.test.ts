import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../../client/src/index.ts';
import { fakeApi, json, problem, registration, signedIn, type SentRequest } from './fake-api.ts';

/**
 * Refresh-token rotation as the server does it (shared/auth/sessions.ts): each refresh spends the token
 * it was given and answers a new pair; a spent token presented again revokes the session. The client
 * must refresh once for any number of concurrent calls, so the revocation never fires for one tab.
 */
function rotatingServer(options: { refusesRefresh?: boolean; expiresIn?: number } = {}) {
  let generation = 1;
  const spent = new Set<string>();
  const state = { revoked: false, refreshes: 0 };
  const api = fakeApi(async (request: SentRequest) => {
    if (request.path === '/api/auth/register') return signedIn('access-1', 'refresh-1', options.expiresIn);
    if (request.path === '/api/auth/refresh') {
      const presented = (JSON.parse(request.body) as { refresh_token: string }).refresh_token;
      if (spent.has(presented)) state.revoked = true;
      if (state.revoked || options.refusesRefresh || presented !== `refresh-${generation}`) return problem(401, 'unauthorized');
      // Answer after the other calls had time to see their 401s too.
      await new Promise((resolve) => setTimeout(resolve, 20));
      spent.add(presented);
      state.refreshes += 1;
      generation += 1;
      return json(200, { data: { access_token: `access-${generation}`, token_type: 'Bearer', expires_in: 900, refresh_token: `refresh-${generation}`, refresh_expires_in: 2_592_000 } });
    }
    // The first access token has expired on the server.
    if (request.headers.get('authorization') !== `Bearer access-${generation}` || generation === 1) return problem(401, 'unauthorized');
    return json(200, { data: { id: 'u1', path: request.path } });
  });
  return { ...api, state };
}

describe('client refresh-token rotation', () => {
  it('refreshes once for ten concurrent calls refused with 401, then sends each again with the new token', async () => {
    const server = rotatingServer();
    const client = server.client();
    await client.signUp(registration);

    const answers = await Promise.all(Array.from({ length: 10 }, () => client.get('/api/auth/user')));

    expect(answers).toHaveLength(10);
    expect(server.state.refreshes).toBe(1);
    expect(server.state.revoked).toBe(false);
    expect(server.sent.filter((request) => request.path === '/api/auth/refresh')).toHaveLength(1);
    expect(client.session.tokens).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('a call refused with an old token after the refresh finished uses the new one without refreshing again', async () => {
    const server = rotatingServer();
    const client = server.client();
    await client.signUp(registration);
    await client.get('/api/auth/user');

    const late = await client.session.replaceRefused('access-1');

    expect(late).toBe('access-2');
    expect(server.state.refreshes).toBe(1);
  });

  it('refreshes ahead of expiry, once, before concurrent calls leave', async () => {
    let now = 1_000_000;
    const server = rotatingServer({ expiresIn: 60 });
    const client = server.client({ now: () => now });
    await client.signUp(registration);
    now += 45_000; // 15 s left: inside the 30 s early-refresh window

    await Promise.all([client.get('/api/auth/user'), client.get('/api/events/{id}', { params: { path: { id: 'e1' } } })]);

    const refusedWithOldToken = server.sent.filter((request) => request.headers.get('authorization') === 'Bearer access-1');
    expect(server.state.refreshes).toBe(1);
    expect(refusedWithOldToken).toHaveLength(0);
  });

  it("treats API Gateway's 403 {message: Forbidden} for an expired token like a 401", async () => {
    let refused = true;
    const api = fakeApi((request) => {
      if (request.path === '/api/auth/register') return signedIn('access-1', 'refresh-1');
      if (request.path === '/api/auth/refresh') return json(200, { data: { access_token: 'access-2', token_type: 'Bearer', expires_in: 900, refresh_token: 'refresh-2', refresh_expires_in: 1 } });
      if (refused) {
        refused = false;
        return json(403, { message: 'Forbidden' });
      }
      return json(200, { data: { seen: request.headers.get('authorization') } });
    });
    const client = api.client();
    await client.signUp(registration);

    const answer = await client.get('/api/auth/user');

    expect(answer).toEqual({ seen: 'Bearer access-2' });
  });

  it('does not refresh on a 403 problem (a role that may not write)', async () => {
    const api = fakeApi((request) => (request.path === '/api/auth/register' ? signedIn('access-1', 'refresh-1') : problem(403, 'forbidden')));
    const client = api.client();
    await client.signUp(registration);

    const failure = await client.delete('/api/events/{id}', { params: { path: { id: 'e1' } } }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ status: 403, code: 'forbidden' });
    expect(api.sent.filter((request) => request.path === '/api/auth/refresh')).toHaveLength(0);
  });

  it('ends the session once when the refresh is refused, and every waiting call gets the 401', async () => {
    const server = rotatingServer({ refusesRefresh: true });
    let ended = 0;
    const client = server.client({ onSessionEnded: () => void (ended += 1) });
    await client.signUp(registration);

    const results = await Promise.allSettled([client.get('/api/auth/user'), client.get('/api/events')]);

    expect(results.map((result) => (result.status === 'rejected' ? (result.reason as ApiProblem).code : 'ok'))).toEqual(['unauthorized', 'unauthorized']);
    expect(ended).toBe(1);
    expect(client.session.tokens).toBeNull();
    expect(server.sent.filter((request) => request.path === '/api/auth/refresh')).toHaveLength(1);
  });
});
