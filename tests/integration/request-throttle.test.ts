import { afterEach, describe, expect, it } from 'vitest';
import { handler as authHandler } from '../../functions/auth/handler.ts';
import { forgetConfigAndClients } from '../../infra/local/function-clients.ts';
import { addToWindow } from '../../shared/data/rate-limits.ts';
import { windowAt } from '../../shared/domain/accounts/login-throttle.ts';
import { captureSecurityEvents } from '../../shared/security/events.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { freshIp } from './auth-fixtures.ts';

/**
 * The per-user and per-address throttles of the signed-in routes (docs/abuse-limits.md). Limits of 6 a
 * minute make a burst of one request refilled every 10 s, so a second request right after the first is
 * refused whatever the machine's speed. The tests/support/environment.ts defaults (a million) come back
 * for the next file.
 */
const UNLIMITED = '1000000';

function limits(perUser: string, perSource: string): void {
  Object.assign(process.env, { USER_REQUESTS_PER_MINUTE: perUser, SOURCE_REQUESTS_PER_MINUTE: perSource });
  forgetConfigAndClients();
}

afterEach(() => limits(UNLIMITED, UNLIMITED));

const sessions = (token: string, sourceIp: string) => invoke(authHandler, makeHttpEvent({ method: 'GET', path: '/api/auth/sessions', token, sourceIp }));

describe('per-user throttle', () => {
  it('answers 429 rate_limited with Retry-After past the limit, logs it, and leaves another user alone', async () => {
    limits('6', UNLIMITED);
    const [busy, other] = [await signedInUser(), await signedInUser()];
    const address = freshIp();
    const captured = captureSecurityEvents();

    const first = await sessions(busy.token, address);
    const second = await sessions(busy.token, address);
    const otherUser = await sessions(other.token, address);
    captured.stop();

    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers['Content-Type']).toBe('application/problem+json');
    expect(second.body.code).toBe('rate_limited');
    expect(Number(second.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(Number(second.headers['Retry-After'])).toBeLessThanOrEqual(10);
    expect(otherUser.status).toBe(200);
    expect(captured.events.filter((event) => event.kind === 'rate_limited')).toEqual([
      expect.objectContaining({ user_id: busy.userId, route: 'GET /api/auth/sessions', status: 429, code: 'rate_limited', source_ip: address }),
    ]);
  });

  it('holds a user whom the shared count of the minute has past the limit (other containers counted them)', async () => {
    limits('6', UNLIMITED);
    const user = await signedInUser();
    const now = new Date();
    // Both this minute and the next, so a minute that turns during the test changes nothing.
    for (const at of [now, new Date(now.getTime() + 60_000)]) await addToWindow('api-user', user.userId, windowAt(at, 60), 6);

    const held = await sessions(user.token, freshIp());

    expect(held.status).toBe(429);
    expect(Number(held.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(Number(held.headers['Retry-After'])).toBeLessThanOrEqual(60);
  });
});

describe('per-address throttle', () => {
  it('refuses a second user from the same address past its limit, and not that user from elsewhere', async () => {
    limits(UNLIMITED, '6');
    const [first, second] = [await signedInUser(), await signedInUser()];
    const shared = freshIp();

    const answers = { first: await sessions(first.token, shared), secondSameAddress: await sessions(second.token, shared), secondElsewhere: await sessions(second.token, freshIp()) };

    expect(Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.status]))).toEqual({ first: 200, secondSameAddress: 429, secondElsewhere: 200 });
  });

  it('never counts a request refused for its token', async () => {
    limits('6', '6');
    const user = await signedInUser();
    const address = freshIp();

    const refused = await sessions('not-a-token', address);
    const allowed = await sessions(user.token, address);

    expect([refused.status, allowed.status]).toEqual([401, 200]);
  });
});
