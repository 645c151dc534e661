// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { apiClient } from './support/api-client.ts';
import { startTestStack } from './support/local-stack.ts';

/** The local API Gateway over real HTTP: routing, refusals, CORS and body limits as the cloud has them. */
let stack: LocalStack;
let call: ReturnType<typeof apiClient>;

const allowedOrigin = 'https://app.example.com'; // CORS_ALLOWED_ORIGINS in tests/support/environment.ts

beforeAll(async () => {
  stack = await startTestStack();
  call = apiClient(stack.apiUrl);
});

afterAll(async () => {
  await stack?.stop();
});

const expectProblem = (response: { status: number; headers: Headers; body: any }, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
};

describe('local API over HTTP', () => {
  it('answers health once ready', async () => {
    const response = await call('GET', '/api/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { status: 'ok' } });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers an unknown path with a 404 problem', async () => {
    const response = await call('GET', '/api/no-such-thing');

    expectProblem(response, 404, 'not_found');
    expect(response.body.detail).toContain('/api/no-such-thing');
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await call('DELETE', '/api/health');

    expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a body over the limit with 413 without reading it all', async () => {
    const response = await call('POST', '/api/auth/register', { rawBody: Buffer.alloc(3 * 1024 * 1024, 'a') });

    expectProblem(response, 413, 'payload_too_large');
  });

  it('refuses a protected route without a token with a 401 problem', async () => {
    const response = await call('GET', '/api/events');

    expectProblem(response, 401, 'unauthorized');
  });

  it('answers malformed JSON with a 400 malformed_json problem', async () => {
    const response = await call('POST', '/api/auth/register', { rawBody: '{"username": "ann", ' });

    expectProblem(response, 400, 'malformed_json');
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    call('OPTIONS', '/api/events', { headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });

  it('answers a preflight from an allowed origin', async () => {
    const response = await preflight(allowedOrigin);

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('gives a refused origin no allow headers, so the browser blocks it', async () => {
    const response = await preflight('https://evil.example');

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks answers for an allowed origin, and only for it', async () => {
    const allowed = await call('GET', '/api/health', { headers: { origin: allowedOrigin } });
    const refused = await call('GET', '/api/health', { headers: { origin: 'https://evil.example' } });

    expect(allowed.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
