import { createEventPlanningClient, type ClientOptions } from '../../../client/src/index.ts';

/**
 * A scripted stand-in for the API behind the client's fetch: each test answers requests with a
 * function, and every request the client sent is recorded (its body read as text).
 */
export type SentRequest = { method: string; path: string; query: URLSearchParams; headers: Headers; body: string };

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const problem = (status: number, code: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ type: `https://errors.event-planning.dev/${code}`, title: code, status, detail: `${code} detail`, code, request_id: 'req-1', ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

export function fakeApi(answer: (request: SentRequest, index: number) => Response | Promise<Response>) {
  const sent: SentRequest[] = [];
  const slept: number[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const recorded = { method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers, body: await request.text() };
    sent.push(recorded);
    return answer(recorded, sent.length - 1);
  };
  const client = (options: Partial<ClientOptions> = {}) =>
    createEventPlanningClient({ baseUrl: 'http://api.test', fetch, sleep: async (ms) => void slept.push(ms), ...options });
  return { sent, slept, client };
}

/** A register answer with these tokens. */
export const signedIn = (accessToken: string, refreshToken: string, expiresIn = 900) =>
  json(201, {
    data: {
      user: { id: 'u1', username: 'ada', email: 'ada@example.com', full_name: 'Ada', phone: null, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' },
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
      refresh_token: refreshToken,
      refresh_expires_in: 2_592_000,
    },
  });

export const registration = { username: 'ada', email: 'ada@example.com', password: 'violet-kettle-1843', full_name: 'Ada' };
