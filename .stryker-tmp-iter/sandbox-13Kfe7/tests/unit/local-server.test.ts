// @ts-nocheck
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthorizerEvent, buildHttpEvent, queryParameters, withAuthorizerContext } from '../../infra/local/api-gateway-event.ts';
import { isPreflight, preflightHeaders, withGatewayCors } from '../../infra/local/cors.ts';
import { fillPath, findRoute, matchPath } from '../../infra/local/route-match.ts';
import { scheduledEvent } from '../../infra/local/schedules.ts';
import { type GroupHandler, type RunningApiServer, startApiServer } from '../../infra/local/server.ts';
import type { RouteDefinition } from '../../shared/routes.ts';

const route = (method: RouteDefinition['method'], path: string): RouteDefinition => ({
  method,
  path,
  group: 'events',
  operation: 'probe',
  access: 'protected',
  summary: 'probe',
});

const eventsRoute = route('GET', '/api/events/{id}');

const requestParts = (overrides: Partial<Parameters<typeof buildHttpEvent>[2]> = {}) => ({
  method: 'GET',
  rawPath: '/api/events/evt_1',
  rawQueryString: '',
  headers: { Host: 'localhost:3000', 'User-Agent': 'curl/8' },
  sourceIp: '127.0.0.1',
  ...overrides,
});

describe('route matching', () => {
  it('matches a template and decodes its parameters', () => {
    expect(matchPath('/api/events/{id}', '/api/events/a%20b')).toEqual({ id: 'a b' });
    expect(matchPath('/api/events/{id}', '/api/events/a/b')).toBeNull();
    expect(matchPath('/api/events/{id}', '/api/events/')).toBeNull();
    expect(matchPath('/api/events/{id}', '/api/events/%E0%A4%A')).toBeNull();
  });

  it('prefers a literal segment over a parameter, as API Gateway does', () => {
    const table = [route('GET', '/api/events/{id}'), route('GET', '/api/events/search')];

    const lookup = findRoute('GET', '/api/events/search', table);

    expect(lookup).toMatchObject({ kind: 'found', match: { route: { path: '/api/events/search' }, pathParameters: {} } });
  });

  it('tells a wrong method on a known path from an unknown path', () => {
    const table = [route('GET', '/api/events/{id}'), route('PUT', '/api/events/{id}')];

    expect(findRoute('POST', '/api/events/1', table)).toEqual({ kind: 'wrong-method', allowed: ['GET', 'PUT'] });
    expect(findRoute('GET', '/api/nothing', table)).toEqual({ kind: 'unknown-path' });
  });

  it('fills a template for probes', () => {
    expect(fillPath('/api/events/{id}/activity', 'x y')).toBe('/api/events/x%20y/activity');
  });
});

describe('payload 2.0 events', () => {
  it('joins repeated query keys with commas and decodes values', () => {
    expect(queryParameters('status=planning&status=confirmed&q=big+party%21')).toEqual({ status: 'planning,confirmed', q: 'big party!' });
    expect(queryParameters('')).toBeUndefined();
  });

  it('lower-cases headers, joins repeats with commas and moves cookies out of the headers', () => {
    const event = buildHttpEvent(eventsRoute, { id: 'evt_1' }, requestParts({
      headers: { Host: 'localhost:3000', 'X-Tag': ['a', 'b'], Cookie: 'theme=dark; lang=en', 'User-Agent': 'curl/8' },
    }));

    expect(event.headers).toEqual({ host: 'localhost:3000', 'x-tag': 'a,b', 'user-agent': 'curl/8' });
    expect(event.cookies).toEqual(['theme=dark', 'lang=en']);
  });

  it('carries the route key, path parameters and request context API Gateway sends', () => {
    const receivedAt = new Date('2026-03-12T19:03:58.123Z');

    const event = buildHttpEvent(eventsRoute, { id: 'evt_1' }, requestParts({ rawQueryString: 'a=1', requestId: 'req-1', receivedAt }));

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /api/events/{id}',
      rawPath: '/api/events/evt_1',
      rawQueryString: 'a=1',
      queryStringParameters: { a: '1' },
      pathParameters: { id: 'evt_1' },
      isBase64Encoded: false,
      requestContext: {
        requestId: 'req-1',
        routeKey: 'GET /api/events/{id}',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: receivedAt.getTime(),
        http: { method: 'GET', path: '/api/events/evt_1', sourceIp: '127.0.0.1', userAgent: 'curl/8' },
      },
    });
    expect(event.body).toBeUndefined();
  });

  it('passes a JSON body as text and a binary one in base64', () => {
    const json = buildHttpEvent(eventsRoute, {}, requestParts({ headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":1}') }));
    const binary = buildHttpEvent(eventsRoute, {}, requestParts({ headers: { 'content-type': 'image/png' }, body: Buffer.from([0xff, 0x00]) }));

    expect([json.body, json.isBase64Encoded]).toEqual(['{"a":1}', false]);
    expect([binary.body, binary.isBase64Encoded]).toEqual(['/wA=', true]);
  });

  it('gives the authorizer the request without its body, and the route its context', () => {
    const event = buildHttpEvent(eventsRoute, { id: 'evt_1' }, requestParts({ headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{}' }));

    const authorizerEvent = buildAuthorizerEvent(event, ['Bearer t']);
    const authorized = withAuthorizerContext(event, { userId: 'u1' });

    expect(authorizerEvent).toMatchObject({ type: 'REQUEST', version: '2.0', identitySource: ['Bearer t'], routeKey: 'GET /api/events/{id}' });
    expect(authorizerEvent.routeArn).toMatch(/\/\$default\/GET\/api\/events\/evt_1$/);
    expect(authorizerEvent).not.toHaveProperty('body');
    expect(authorized.requestContext.authorizer).toEqual({ lambda: { userId: 'u1' } });
  });
});

describe('CORS as API Gateway applies it', () => {
  const allowed = ['https://app.example.com'];

  it('answers a preflight from an allowed origin with the allow headers', () => {
    expect(isPreflight('OPTIONS', { origin: 'https://app.example.com', 'access-control-request-method': 'POST' })).toBe(true);
    expect(isPreflight('OPTIONS', {})).toBe(false);
    expect(preflightHeaders('https://app.example.com', allowed)).toMatchObject({
      'Access-Control-Allow-Origin': 'https://app.example.com',
      'Access-Control-Allow-Methods': expect.stringContaining('DELETE'),
      'Access-Control-Allow-Headers': expect.stringContaining('Authorization'),
      'Access-Control-Max-Age': '600',
    });
  });

  it('gives a refused origin no allow headers', () => {
    expect(preflightHeaders('https://evil.example', allowed)).toEqual({});
    expect(withGatewayCors({ 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' }, 'https://evil.example', allowed)).toEqual({ 'Content-Type': 'text/plain' });
  });

  it("replaces the function's CORS headers with its own for an allowed origin", () => {
    const headers = withGatewayCors({ 'access-control-allow-origin': 'https://other', 'Content-Type': 'application/json' }, 'https://app.example.com', allowed);

    expect(headers).toMatchObject({ 'Access-Control-Allow-Origin': 'https://app.example.com', 'Content-Type': 'application/json' });
    expect(headers).not.toHaveProperty('access-control-allow-origin');
  });
});

describe('scheduled events', () => {
  it('have the shape EventBridge sends', () => {
    const event = scheduledEvent('reminders', new Date('2026-06-20T18:00:00.456Z'));

    expect(event).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-06-20T18:00:00Z', detail: {} });
    expect(event.resources[0]).toMatch(/^arn:aws:events:[\w-]+:\d{12}:rule\/.*reminders$/);
  });
});

describe('the local server with stand-in handlers', () => {
  let server: RunningApiServer;
  let protectedCalls = 0;

  const authAnswers: Record<string, GroupHandler> = {
    'POST /api/auth/login': async () => ({
      statusCode: 200,
      headers: { 'Content-Type': 'image/png' },
      cookies: ['a=1; HttpOnly', 'b=2'],
      body: Buffer.from([0xff, 0x00]).toString('base64'),
      isBase64Encoded: true,
    }),
    'POST /api/auth/register': async () => {
      throw new Error('a bug in the function');
    },
    // A bare value: API Gateway reads it as a 200 JSON body.
    'POST /api/auth/refresh': async () => ({ plain: 'object' }) as never,
  };
  const handlers: Record<string, GroupHandler> = {
    // Echoes the event, so the test sees exactly what a function would receive.
    health: async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) }),
    auth: (event, context) => (authAnswers[event.routeKey] as GroupHandler)(event, context),
    events: async () => {
      protectedCalls += 1;
      return { statusCode: 204 };
    },
  };

  beforeAll(async () => {
    server = await startApiServer({ port: 0, loadGroupHandler: async (group) => handlers[group] as GroupHandler });
  });

  afterAll(async () => {
    await server?.close();
  });

  /** node:http rather than fetch: only it sends a header twice, as separate lines. */
  const rawRequest = (method: string, path: string, headers: Record<string, string | string[]> = {}, body?: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const outgoing = request(`${server.url}${path}`, { method, headers }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  it('hands the function the event API Gateway would send', async () => {
    const response = await rawRequest('GET', '/api/health?tag=a&tag=b', { 'X-Tag': ['one', 'two'], Cookie: 'theme=dark; lang=en', 'User-Agent': 'probe/1' });

    const event = JSON.parse(response.body.toString());
    expect(event).toMatchObject({
      routeKey: 'GET /api/health',
      rawQueryString: 'tag=a&tag=b',
      queryStringParameters: { tag: 'a,b' },
      headers: { 'x-tag': 'one,two', 'user-agent': 'probe/1' },
      cookies: ['theme=dark', 'lang=en'],
      requestContext: { http: { method: 'GET', path: '/api/health', userAgent: 'probe/1' } },
    });
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('writes back cookies and a base64 body as bytes', async () => {
    const response = await rawRequest('POST', '/api/auth/login', { 'content-type': 'application/octet-stream' }, Buffer.from([1, 2]));

    expect(response.status).toBe(200);
    expect(response.headers['set-cookie']).toEqual(['a=1; HttpOnly', 'b=2']);
    expect([...response.body]).toEqual([0xff, 0x00]);
  });

  it('reads a result without a statusCode as 200 JSON', async () => {
    const response = await rawRequest('POST', '/api/auth/refresh');

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ plain: 'object' });
  });

  it('turns a function that throws into a 500 problem with the request id and nothing of the error', async () => {
    const response = await rawRequest('POST', '/api/auth/register');

    const problem = JSON.parse(response.body.toString());
    expect(response.status).toBe(500);
    expect(problem).toMatchObject({ status: 500, code: 'internal_error', request_id: response.headers['x-request-id'] });
    expect(response.body.toString()).not.toContain('a bug in the function');
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await rawRequest('HEAD', '/api/health');

    expect(response.status).toBe(200);
    expect(response.body.length).toBe(0);
  });

  it('refuses a protected route without credentials before its function runs', async () => {
    const response = await rawRequest('GET', '/api/events/evt_1');

    expect(response.status).toBe(401);
    expect(JSON.parse(response.body.toString())).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(protectedCalls).toBe(0);
  });
});
