import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetConfigAndClients } from '../../infra/local/function-clients.ts';
import { config } from '../../shared/config.ts';
import { RSVP_RATE_WINDOW_SECONDS } from '../../shared/domain/rsvp/rate-limit.ts';
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

  // 30 per 10 minutes: a burst of 3 at once, refilled one every 20 s, so a fourth request right after
  // three is refused whatever the machine's speed. The limit is kept in this process's memory
  // (docs/abuse-limits.md): no window counter is written or read for a caller below a batch, so these
  // tests exhaust the bucket instead of seeding a shared count (tests/integration/public-rate-limits.test.ts
  // tests the shared backstop).
  beforeEach(() => {
    process.env.RSVP_REQUESTS_PER_SOURCE_PER_10_MINUTES = '30';
    forgetConfigAndClients();
  });
  afterEach(() => {
    delete process.env.RSVP_REQUESTS_PER_SOURCE_PER_10_MINUTES;
    forgetConfigAndClients();
  });

  it('are all found in the route table', () => {
    expect(codeRoutes.map(routeKey).sort()).toEqual(['GET /api/party-rsvp', 'GET /api/rsvp', 'GET /api/rsvp/{code}', 'GET /rsvp', 'GET /rsvp/calendar.ics', 'POST /api/party-rsvp', 'POST /api/rsvp', 'POST /api/rsvp/{code}', 'POST /rsvp']);
  });

  it.each(codeRoutes.map((route) => [routeKey(route), route] as const))('%s answers 429 with Retry-After past the limit, per address', async (_key, route) => {
    const address = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const request = validRequest(world, route, await signedInUser());
    const options = { ...(request.body === undefined ? {} : { body: request.body }), ...(request.rawBody === undefined ? {} : { rawBody: request.rawBody }), headers: request.headers ?? {}, sourceIp: address };

    const allowed = [];
    for (let index = 0; index < 3; index += 1) allowed.push(await rsvpApi(route.method, request.path, options));
    const over = await rsvpApi(route.method, request.path, options);
    const elsewhere = await rsvpApi('GET', `/api/rsvp/${world.code}`);

    expect(allowed.map((answer) => answer.status < 400)).toEqual([true, true, true]);
    expect(over.status).toBe(429);
    expect(Number(over.headers['Retry-After'])).toBeGreaterThan(0);
    expect(Number(over.headers['Retry-After'])).toBeLessThanOrEqual(RSVP_RATE_WINDOW_SECONDS);
    expect(over.headers['Content-Type']).toMatch(route.path.startsWith('/api/') ? /^application\/problem\+json$/ : /^text\/html/);
    expect(elsewhere.status).toBe(200);
  });

  it('lets the burst through when one address sends many at once, and a refused answer changes nothing', async () => {
    const address = '198.19.0.7';
    const path = `/api/rsvp/${world.code}`;

    const answers = await Promise.all(Array.from({ length: 23 }, () => rsvpApi('GET', path, { sourceIp: address })));
    const refusedAnswer = await rsvpApi('POST', path, { body: { status: 'no' }, sourceIp: address });

    expect(answers.filter((answer) => answer.status === 200).length).toBe(3);
    expect(answers.filter((answer) => answer.status === 429).length).toBe(20);
    expect(refusedAnswer.status).toBe(429);
    const guest = await guestsApi(world.owner, 'GET', `/api/guests/${world.ids.guest}`);
    expect(guest.body.data.rsvp_status).not.toBe('no');
  }, 60_000);
});
