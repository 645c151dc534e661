import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../../client/src/index.ts';
import { fakeApi, json, problem, registration, signedIn } from './fake-api.ts';

/** The client's transport: Retry-After on 429/503 with bounded retries, Idempotency-Key reused across them, problems as errors. */
const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/;
const event = { name: 'Ada & Grace', event_date: '2031-06-20T17:00:00Z' };
const created = () => json(201, { data: { id: 'e1', name: 'Ada & Grace' } });

async function signedInClient(answer: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi((request, index) => (request.path === '/api/auth/register' ? signedIn('access-1', 'refresh-1') : answer(request, index)));
  const client = api.client();
  await client.signUp(registration);
  return { ...api, client };
}

describe('client retries', () => {
  it('waits Retry-After after a 503 and sends the POST again with the same Idempotency-Key', async () => {
    const { client, sent, slept } = await signedInClient((_request, index) => (index === 1 ? problem(503, 'service_unavailable', { 'retry-after': '2' }) : created()));

    const answer = await client.post('/api/events', { body: event });

    const posts = sent.filter((request) => request.path === '/api/events');
    expect(answer).toEqual({ id: 'e1', name: 'Ada & Grace' });
    expect(slept).toEqual([2_000]);
    expect(posts).toHaveLength(2);
    const keys = posts.map((request) => request.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(KEY_PATTERN);
    expect(keys[1]).toBe(keys[0]);
    expect(posts[1]?.body).toBe(posts[0]?.body);
  });

  it('gives up after the bounded number of retries with the last problem, its code and Retry-After', async () => {
    const { client, sent, slept } = await signedInClient(() => problem(429, 'rate_limited', { 'retry-after': '1' }));

    const failure = await client.get('/api/events').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiProblem);
    expect(failure).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 1 });
    expect(sent.filter((request) => request.path === '/api/events')).toHaveLength(4);
    expect(slept).toEqual([1_000, 1_000, 1_000]);
  });

  it('does not wait out a Retry-After longer than the limit (a login throttle of minutes)', async () => {
    const api = fakeApi(() => problem(429, 'rate_limited', { 'retry-after': '900' }));

    const failure = await api.client().signIn({ login: 'ada', password: 'wrong-password-1' }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 900 });
    expect(api.sent).toHaveLength(1);
    expect(api.slept).toEqual([]);
  });

  it('backs off when a 503 names no Retry-After', async () => {
    const { client, slept } = await signedInClient((_request, index) => (index < 3 ? problem(503, 'service_unavailable') : json(200, { data: [], meta: { count: 0, next_cursor: null } })));

    await client.get('/api/events');

    expect(slept).toEqual([500, 1_000]);
  });

  it('retries a 409 request_in_progress (the same key still running) and answers the stored first answer', async () => {
    const { client, sent } = await signedInClient((_request, index) => (index === 1 ? problem(409, 'request_in_progress') : created()));

    const answer = await client.post('/api/events', { body: event });

    const keys = sent.filter((request) => request.path === '/api/events').map((request) => request.headers.get('idempotency-key'));
    expect(answer).toMatchObject({ id: 'e1' });
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
  });

  it('does not retry other conflicts', async () => {
    const { client, sent } = await signedInClient(() => problem(409, 'version_conflict'));

    const failure = await client.put('/api/events/{id}', { params: { path: { id: 'e1' } }, body: { name: 'New name' } }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ status: 409, code: 'version_conflict' });
    expect(sent.filter((request) => request.path === '/api/events/e1')).toHaveLength(1);
  });

  it('gives each POST its own key, keeps a key the caller chose, and sends none on a GET', async () => {
    const { client, sent } = await signedInClient((request) => (request.method === 'GET' ? json(200, { data: [], meta: { count: 0, next_cursor: null } }) : created()));

    await client.post('/api/events', { body: event });
    await client.post('/api/events', { body: event });
    await client.post('/api/events', { body: event, headers: { 'Idempotency-Key': 'my-own-key-1' } });
    await client.get('/api/events');

    const keys = sent.filter((request) => request.path === '/api/events').map((request) => request.headers.get('idempotency-key'));
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toBe('my-own-key-1');
    expect(keys[3]).toBeNull();
  });

  it('sends a signed-in POST again after a network failure, with the same key', async () => {
    const { client, sent } = await signedInClient((_request, index) => {
      if (index === 1) throw new TypeError('fetch failed');
      return created();
    });

    await client.post('/api/events', { body: event });

    const keys = sent.filter((request) => request.path === '/api/events').map((request) => request.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('does not resend a POST the server keeps no key for (signed out) after a network failure', async () => {
    const api = fakeApi(() => {
      throw new TypeError('fetch failed');
    });

    const failure = await api.client().signUp(registration).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TypeError);
    expect(api.sent).toHaveLength(1);
  });

  it('throws problems as ApiProblem with the code and every invalid field', async () => {
    const { client } = await signedInClient(() =>
      problem(400, 'validation_error', {}, { errors: [{ path: 'event_date', message: 'Required' }, { path: 'capacity', message: 'Too small' }] }),
    );

    const failure = await client.post('/api/events', { body: event }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiProblem);
    expect(failure).toMatchObject({ status: 400, code: 'validation_error', requestId: 'req-1', errors: [{ path: 'event_date' }, { path: 'capacity' }] });
  });

  it('gives an answer that is not a problem document a code from its status', async () => {
    const api = fakeApi(() => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));

    const failure = await api.client().get('/api/health').catch((error: unknown) => error);

    expect(failure).toMatchObject({ status: 502, code: 'internal_error' });
  });
});
