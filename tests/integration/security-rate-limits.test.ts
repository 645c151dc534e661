import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../shared/config.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { rateLimitKeys } from '../../shared/data/keys.ts';
import { RSVP_RATE_LIMIT, rsvpRateWindow } from '../../shared/domain/rsvp/rate-limit.ts';
import { contractOf } from '../../shared/api-contract/openapi-document.ts';
import { type RouteDefinition, routeKey, routes } from '../../shared/routes.ts';
import { freshIp, login, registered } from './auth-fixtures.ts';
import { guestsApi, rsvpApi } from './guests-fixtures.ts';
import { validRequest } from './security-fixtures.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { seedWorld, type World } from './world-fixtures.ts';

/**
 * OWASP API4:2023 Unrestricted Resource Consumption, the rate-limit half: sign-in is throttled per account
 * and per address (429 with Retry-After, even for the right password), and every public route that takes
 * an invitation code is limited per address. Bursts of concurrent requests get no more than the limit.
 */
let world: World;

beforeAll(async () => {
  world = await seedWorld();
}, 120_000);

const inChunks = async <T>(count: number, size: number, make: (index: number) => Promise<T>): Promise<T[]> => {
  const results: T[] = [];
  for (let start = 0; start < count; start += size) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, offset) => make(start + offset)))));
  }
  return results;
};

describe('sign-in throttling', () => {
  it('refuses the right password with 429 and Retry-After once the account has failed the limit from that address', async () => {
    const account = await registered();
    const { LOGIN_FAILURE_LIMIT, LOGIN_BACKOFF_BASE_SECONDS } = config();
    const address = freshIp();
    for (let attempt = 0; attempt < LOGIN_FAILURE_LIMIT; attempt += 1) {
      expect((await login({ login: account.registration.username, password: 'wrong-password-1' }, address)).status).toBe(401);
    }

    const limited = await login({ login: account.registration.username, password: account.registration.password }, address);

    expect(limited.status).toBe(429);
    expect(limited.headers['Content-Type']).toBe('application/problem+json');
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['Retry-After'])).toBeGreaterThan(0);
    expect(Number(limited.headers['Retry-After'])).toBeLessThanOrEqual(LOGIN_BACKOFF_BASE_SECONDS);
    expect(JSON.stringify(limited.body)).not.toContain('access_token');
  });

  it('checks no more passwords than the limit when guesses arrive all at once', async () => {
    const account = await registered();
    const { LOGIN_FAILURE_LIMIT } = config();
    const address = freshIp();

    const answers = await Promise.all(Array.from({ length: 20 }, () => login({ login: account.registration.username, password: 'wrong-password-1' }, address)));

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(LOGIN_FAILURE_LIMIT);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(20 - LOGIN_FAILURE_LIMIT);
  });
});

describe('the public RSVP routes', () => {
  // Every route that looks a code up (in its path, header or cookie); the mailed link's own path form
  // looks nothing up (it only moves the code into the page's cookie), so it has nothing to limit.
  const opensMailedLink = (route: RouteDefinition) =>
    route.path.includes('{') && !Object.keys(contractOf(route).responses).some((status) => status.startsWith('2'));
  const codeRoutes = routes.filter((route) => route.group === 'rsvp' && !opensMailedLink(route));

  it('are all found in the route table', () => {
    expect(codeRoutes.map(routeKey).sort()).toEqual(['GET /api/rsvp', 'GET /api/rsvp/{code}', 'GET /rsvp', 'POST /api/rsvp', 'POST /api/rsvp/{code}', 'POST /rsvp']);
  });

  it.each(codeRoutes.map((route) => [routeKey(route), route] as const))('%s answers 429 with Retry-After past the limit, per address, recording nothing', async (_key, route) => {
    const address = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const window = rsvpRateWindow(new Date());
    await db().send(new PutCommand({
      TableName: tableName(), Item: { ...rateLimitKeys.window(RSVP_RATE_LIMIT.scope, address, window.start), requests: RSVP_RATE_LIMIT.requests - 1 },
    }));
    const request = validRequest(world, route, await signedInUser());
    const options = { ...(request.body === undefined ? {} : { body: request.body }), ...(request.rawBody === undefined ? {} : { rawBody: request.rawBody }), headers: request.headers ?? {}, sourceIp: address };

    const last = await rsvpApi(route.method, request.path, options);
    const over = await rsvpApi(route.method, request.path, options);
    const elsewhere = await rsvpApi('GET', `/api/rsvp/${world.code}`);

    expect(last.status).toBeLessThan(400);
    expect(over.status).toBe(429);
    expect(Number(over.headers['Retry-After'])).toBeGreaterThan(0);
    expect(Number(over.headers['Retry-After'])).toBeLessThanOrEqual(RSVP_RATE_LIMIT.windowSeconds);
    expect(over.headers['Content-Type']).toMatch(route.path.startsWith('/api/') ? /^application\/problem\+json$/ : /^text\/html/);
    expect(elsewhere.status).toBe(200);
  });

  it('lets exactly the limit through when one address sends a burst, and a refused answer changes nothing', async () => {
    const address = '198.19.0.7';
    const path = `/api/rsvp/${world.code}`;

    const answers = await inChunks(RSVP_RATE_LIMIT.requests + 20, 40, () => rsvpApi('GET', path, { sourceIp: address }));
    const refusedAnswer = await rsvpApi('POST', path, { body: { status: 'no' }, sourceIp: address });

    expect(answers.filter((answer) => answer.status === 200).length).toBe(RSVP_RATE_LIMIT.requests);
    expect(answers.filter((answer) => answer.status === 429).length).toBe(20);
    expect(refusedAnswer.status).toBe(429);
    const guest = await guestsApi(world.owner, 'GET', `/api/guests/${world.ids.guest}`);
    expect(guest.body.data.rsvp_status).not.toBe('no');
  }, 60_000);
});
