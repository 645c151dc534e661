import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as eventsHandler } from '../../functions/events/handler.ts';
import { captureSecurityEvents, securityEventKinds } from '../../shared/security/events.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import { call, freshIp, login, newRegistration, refresh, registered } from './auth-fixtures.ts';

/**
 * Security events (issue 20, ASVS 5.0 16.3): each kind is written when it happens, with the fixed field
 * set, an embedded metric, and nothing secret (no password, token or email address).
 */
let capture: ReturnType<typeof captureSecurityEvents>;
beforeEach(() => {
  capture = captureSecurityEvents();
});
afterEach(() => capture.stop());

const kinds = () => capture.events.map((event) => event.kind);
const ofKind = (kind: string) => capture.events.filter((event) => event.kind === kind);

describe('security events', () => {
  it('records sign-in success and failure (an unknown name only hashed), refresh, reuse and logout', async () => {
    const account = await registered();
    const unknownName = `nobody_${Date.now()}@example.com`;

    await login({ login: account.registration.username, password: 'wrong-password-123' }, '203.0.113.71');
    await login({ login: unknownName, password: 'wrong-password-123' }, '203.0.113.72');
    const signedIn = await login({ login: account.registration.username, password: account.registration.password }, '203.0.113.73');
    const first = signedIn.body.data.refresh_token as string;
    await refresh(first);
    await refresh(first);
    await call('POST', '/api/auth/logout', { token: account.accessToken });

    expect(kinds()).toEqual(['login.failed', 'login.failed', 'login.succeeded', 'token.refreshed', 'refresh_token.reused', 'logout']);
    expect(ofKind('login.failed')[0]).toMatchObject({ log_type: 'security', user_id: account.userId, source_ip: '203.0.113.71' });
    expect(ofKind('login.failed')[1]).toMatchObject({ login_hash: expect.stringMatching(/^[0-9a-f]{16}$/), source_ip: '203.0.113.72' });
    expect(ofKind('refresh_token.reused')[0]).toMatchObject({ session_id: first.split('.')[0] });
    const written = JSON.stringify(capture.events);
    expect(written).not.toContain(unknownName);
    expect(written).not.toContain(account.registration.password);
    expect(written).not.toContain(first.split('.')[1]);
    expect(written).not.toContain(account.registration.email);
  });

  it('records password change, sign out everywhere, ending a session, with the metric for each kind', async () => {
    const account = await registered();
    const other = await login({ login: account.registration.username, password: account.registration.password }, freshIp());

    await call('DELETE', `/api/auth/sessions/${String(other.body.data.refresh_token).split('.')[0]}`, { token: account.accessToken, body: { password: account.registration.password } });
    await call('PUT', '/api/auth/password', { token: account.accessToken, body: { current_password: account.registration.password, new_password: 'difference-engine-1822' } });
    await call('POST', '/api/auth/sessions/revoke-all', { token: account.accessToken, body: { password: 'difference-engine-1822' } });

    expect(kinds()).toEqual(['login.succeeded', 'session.ended', 'password.changed', 'sessions.revoked']);
    for (const event of capture.events) {
      expect(event).toMatchObject({ [`SecurityEvents`]: 1, _aws: { CloudWatchMetrics: [{ Namespace: 'EventPlanning/Security', Dimensions: [['kind']] }] } });
      expect(securityEventKinds).toContain(event.kind);
    }
  });

  it('records a refusal on a protected route with the route, status, code and caller, and every 429', async () => {
    const account = await registered();
    const address = freshIp();

    const refused = await invoke(eventsHandler, makeHttpEvent({ method: 'GET', path: '/api/events/01J0000000000000000000000X', token: account.accessToken }));
    const unauthenticated = await invoke(eventsHandler, makeHttpEvent({ method: 'GET', path: '/api/events' }));
    for (let attempt = 0; attempt < 11; attempt += 1) await call('POST', '/api/auth/register', { body: newRegistration(), sourceIp: address });

    expect([refused.status, unauthenticated.status]).toEqual([404, 401]);
    expect(ofKind('access.refused')).toEqual([
      expect.objectContaining({ route: 'GET /api/events/{id}', status: 404, code: 'not_found', user_id: account.userId }),
      expect.objectContaining({ route: 'GET /api/events', status: 401 }),
    ]);
    expect(ofKind('rate_limited')).toEqual([expect.objectContaining({ route: 'POST /api/auth/register', status: 429, code: 'rate_limited', source_ip: address })]);
  });

  it('records refused input on any route and refused business rules, with the route, status, code and caller', async () => {
    const account = await registered();
    const address = freshIp();

    const badInput = await call('POST', '/api/auth/register', { body: { ...newRegistration(), email: 'not-an-email' }, sourceIp: address });
    const badEvent = await invoke(eventsHandler, makeHttpEvent({ method: 'POST', path: '/api/events', token: account.accessToken, body: { name: '' } }));
    const taken = await call('POST', '/api/auth/register', { body: { ...newRegistration(), username: account.registration.username }, sourceIp: address });

    expect([badInput.status, badEvent.status, taken.status]).toEqual([400, 400, 409]);
    expect(ofKind('input.refused')).toEqual([
      expect.objectContaining({ route: 'POST /api/auth/register', status: 400, code: 'validation_error', source_ip: address }),
      expect.objectContaining({ route: 'POST /api/events', status: 400, code: 'validation_error', user_id: account.userId }),
    ]);
    expect(ofKind('rule.refused')).toEqual([expect.objectContaining({ route: 'POST /api/auth/register', status: 409, code: taken.body.code })]);
  });
});
