import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { routes, routeKey, type HttpMethod } from '../../shared/routes.ts';
import type { HttpEvent, HttpResult } from '../../shared/http/types.ts';

/** An API Gateway HTTP API (payload 2.0) event for a route of the table, as API Gateway would send it. */
export function makeHttpEvent(options: {
  method: HttpMethod;
  path: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  token?: string;
  sourceIp?: string;
}): HttpEvent {
  const route = routes.find((candidate) => candidate.method === options.method && matchPath(candidate.path, options.path));
  if (!route) throw new Error(`No route for ${options.method} ${options.path}`);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: options.path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: {
      host: 'localhost',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    queryStringParameters: options.query,
    pathParameters: matchPath(route.path, options.path) ?? undefined,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      http: { method: options.method, path: options.path, protocol: 'HTTP/1.1', sourceIp: options.sourceIp ?? '198.51.100.7', userAgent: 'vitest' },
    },
  };
}

/** The path parameters when `path` fits the template (`/api/events/{id}`), else null. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${template.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`,
  );
  const match = pattern.exec(path);
  if (!match) return null;
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] as string)]));
}

export const lambdaContext = (): Context =>
  ({
    functionName: 'test',
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => 30_000,
  }) as unknown as Context;

/** Calls a group handler and parses its JSON answer. */
export async function invoke(
  handler: (event: HttpEvent, context: Context) => Promise<HttpResult>,
  event: HttpEvent,
): Promise<{ status: number; headers: Record<string, string>; body: any }> { // any: tests read arbitrary JSON shapes
  const result = await handler(event, lambdaContext());
  const text = typeof result.body === 'string' ? result.body : '';
  return { status: result.statusCode, headers: result.headers, body: text ? JSON.parse(text) : undefined };
}
