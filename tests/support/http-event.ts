import type { Context } from 'aws-lambda';
import { expect } from 'vitest';
import { buildHttpEvent } from '../../infra/local/api-gateway-event.ts';
import { lambdaContext as localLambdaContext } from '../../infra/local/lambda-context.ts';
import { findRoute } from '../../infra/local/route-match.ts';
import type { HttpMethod } from '../../shared/routes.ts';
import type { HttpEvent, HttpResult } from '../../shared/http/types.ts';

export { matchPath } from '../../infra/local/route-match.ts';

/**
 * An API Gateway HTTP API (payload 2.0) event for a route of the table, as API Gateway would send it:
 * built by the same builder the local server uses, so tests and the local runtime cannot disagree.
 */
export function makeHttpEvent(options: {
  method: HttpMethod;
  path: string;
  body?: unknown;
  rawBody?: string;
  /** A header set to undefined is left out (the default content-type, for instance). */
  headers?: Record<string, string | undefined>;
  query?: Record<string, string>;
  /** The query string as sent (repeats, odd encodings), instead of `query`. */
  rawQuery?: string;
  token?: string;
  sourceIp?: string;
}): HttpEvent {
  const lookup = findRoute(options.method, options.path);
  if (lookup.kind !== 'found') throw new Error(`No route for ${options.method} ${options.path}`);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return buildHttpEvent(lookup.match.route, lookup.match.pathParameters, {
    method: options.method,
    rawPath: options.path,
    rawQueryString: options.rawQuery ?? new URLSearchParams(options.query ?? {}).toString(),
    headers: {
      host: 'localhost',
      'user-agent': 'vitest',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body,
    sourceIp: options.sourceIp ?? '198.51.100.7',
  });
}

export const lambdaContext = (): Context => localLambdaContext('test');

/** Calls a group handler and parses its JSON answer. */
export async function invoke(
  handler: (event: HttpEvent, context: Context) => Promise<HttpResult>,
  event: HttpEvent,
): Promise<{ status: number; headers: Record<string, string>; cookies: string[]; body: any }> { // any: tests read arbitrary JSON shapes
  const result = await handler(event, lambdaContext());
  const text = typeof result.body === 'string' ? result.body : '';
  // JSON answers parsed; pages and CSV files as their text.
  const isJson = /json/.test(result.headers['Content-Type'] ?? '');
  return { status: result.statusCode, headers: result.headers, cookies: result.cookies ?? [], body: text ? (isJson ? JSON.parse(text) : text) : undefined };
}

/**
 * Opens a mailed link (`/rsvp/{code}`, `/password/reset/{token}`...) on its group's handler as a browser
 * does: asserts the redirect to the clean page and answers the cookie it set, as a Cookie header value.
 */
export async function mailedLinkCookie(
  handler: (event: HttpEvent, context: Context) => Promise<HttpResult>,
  path: string,
): Promise<string> {
  const opened = await invoke(handler, makeHttpEvent({ method: 'GET', path }));
  expect(opened.status).toBe(303);
  expect(opened.cookies).toHaveLength(1);
  return (opened.cookies[0] as string).split(';')[0] as string;
}
