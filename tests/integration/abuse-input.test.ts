import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { budgetEvent, call, eventItem } from './budget-fixtures.ts';
import { login, call as authCall } from './auth-fixtures.ts';
import { guestsApi } from './guests-fixtures.ts';

/** Issue 14's input hardening: prototype keys, URL schemes, and answers no cache may keep. */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

describe('prototype keys in a JSON body', () => {
  it.each(['constructor', '__proto__', 'prototype'])('refuses "%s" as a budget allocation with a 400 naming it, and stores nothing', async (key) => {
    const event = await budgetEvent(ada);
    const before = await eventItem(event.id);

    const response = await call(ada, 'PUT', `/api/events/${event.id}/budget`, { body: JSON.parse(`{"allocations":{"${key}":7,"venue":100}}`) });

    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code: 'reserved_field_name', errors: [{ path: `allocations.${key}` }] });
    expect(await eventItem(event.id)).toEqual(before);
  });

  it('refuses one at the top level or inside a list item on any route, before validation', async () => {
    const event = await budgetEvent(ada);

    const top = await call(ada, 'POST', '/api/events', { body: JSON.parse('{"name":"x","event_date":"2027-06-20","__proto__":{"admin":true}}') });
    const listed = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests`, { rawBody: '{"guest_list":[{"name":"Ann","constructor":{"prototype":1}}]}' });

    expect(top.status).toBe(400);
    expect(top.body).toMatchObject({ code: 'reserved_field_name', errors: [{ path: '__proto__' }] });
    expect(listed.status).toBe(400);
    expect(listed.body).toMatchObject({ code: 'reserved_field_name', errors: [{ path: 'guest_list.0.constructor' }] });
  });
});

describe('URL fields', () => {
  it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'ftp://files.example.com/x'])(
    'refuses the vendor website %s',
    async (website) => {
      const event = await budgetEvent(ada);

      const response = await call(ada, 'POST', `/api/events/${event.id}/vendors`, { body: { name: 'Bloom', service_type: 'Florist', website } });

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'website', message: expect.stringMatching(/http or https/) })]);
    },
  );

  it('keeps http and https websites, in flat fields and in contact_info', async () => {
    const event = await budgetEvent(ada);

    const flat = await call(ada, 'POST', `/api/events/${event.id}/vendors`, { body: { name: 'Bloom', service_type: 'Florist', website: ' https://bloom.example/shop ' } });
    const nested = await call(ada, 'POST', `/api/events/${event.id}/vendors`, { body: { name: 'Cake', service_type: 'Baker', contact_info: { website: 'http://cake.example' } } });
    const refusedNested = await call(ada, 'POST', `/api/events/${event.id}/vendors`, { body: { name: 'Cake', service_type: 'Baker', contact_info: { website: 'javascript:void(0)' } } });

    expect(flat.body.data.contact_info.website).toBe('https://bloom.example/shop');
    expect(nested.body.data.contact_info.website).toBe('http://cake.example');
    expect(refusedNested.status).toBe(400);
  });
});

describe('Cache-Control on /api answers', () => {
  it('is no-store on a read, a create, a problem and both sign-in outcomes', async () => {
    const event = await budgetEvent(ada);
    const read = await call(ada, 'GET', `/api/events/${event.id}/budget`);
    const created = await call(ada, 'POST', `/api/events/${event.id}/vendors`, { body: { name: 'Bloom', service_type: 'Florist' } });
    const missing = await call(ada, 'GET', '/api/events/01J0000000000000000000000X/budget');
    const unauthenticated = await call(null, 'GET', `/api/events/${event.id}/budget`);
    const signUp = await authCall('POST', '/api/auth/register', { body: { username: `cache_${Date.now()}`, email: `cache.${Date.now()}@example.com`, password: 'violet-kettle-cache-1', full_name: 'Cache Test' } });
    const signIn = await login({ login: signUp.body.data.user.username, password: 'violet-kettle-cache-1' }, '203.0.113.201');
    const badSignIn = await login({ login: signUp.body.data.user.username, password: 'wrong-password-1' }, '203.0.113.202');

    for (const [name, answer, status] of [['read', read, 200], ['create', created, 201], ['missing', missing, 404], ['unauthenticated', unauthenticated, 401], ['register', signUp, 201], ['login', signIn, 200], ['bad login', badSignIn, 401]] as const) {
      expect(answer.status, name).toBe(status);
      expect(answer.headers['Cache-Control'], name).toBe('no-store');
    }
  });

  it('carries HSTS for at least a year with subdomains on every answer, and a CSP that frames nowhere: data, problem and page', async () => {
    const event = await budgetEvent(ada);
    const read = await call(ada, 'GET', `/api/events/${event.id}/budget`);
    const unauthenticated = await call(null, 'GET', `/api/events/${event.id}/budget`);
    const { handler } = await import('../../functions/docs/handler.ts');
    const { invoke, makeHttpEvent } = await import('../support/http-event.ts');
    const page = await invoke(handler, makeHttpEvent({ method: 'GET', path: '/docs' }));

    for (const [name, answer] of [['read', read], ['problem', unauthenticated], ['page', page]] as const) {
      const hsts = String(answer.headers['Strict-Transport-Security']);
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1]), name).toBeGreaterThanOrEqual(365 * 24 * 3600);
      expect(hsts, name).toContain('includeSubDomains');
      expect(String(answer.headers['Content-Security-Policy']), name).toContain("frame-ancestors 'none'");
    }
    // Data and problems load nothing (OWASP's REST cheat sheet); the page keeps its own policy.
    expect(read.headers['Content-Security-Policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(unauthenticated.headers['Content-Security-Policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(String(page.headers['Content-Security-Policy'])).toContain("script-src 'self'");
  });

  it('leaves public assets outside /api their own caching', async () => {
    const { handler } = await import('../../functions/docs/handler.ts');
    const { invoke, makeHttpEvent } = await import('../support/http-event.ts');

    const page = await invoke(handler, makeHttpEvent({ method: 'GET', path: '/docs' }));

    expect(page.status).toBe(200);
    expect(page.headers['Cache-Control']).not.toBe('no-store');
  });
});
