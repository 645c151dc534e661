// @ts-nocheck
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { config } from '../../shared/config.ts';
import { HttpError, PayloadTooLargeError, UnauthorizedError } from '../../shared/http/errors.ts';
import { httpErrorProblem, internalErrorProblem } from '../../shared/http/middleware/problem-response.ts';
import type { HttpEvent } from '../../shared/http/types.ts';
import { createLogger, type Logger } from '../../shared/logger.ts';
import { routeKey } from '../../shared/routes.ts';
import { buildHttpEvent } from './api-gateway-event.ts';
import { authorizeRequest } from './authorizer.ts';
import { isPreflight, preflightHeaders, withGatewayCors } from './cors.ts';
import { loadHandler } from './function-entries.ts';
import { lambdaContext } from './lambda-context.ts';
import { readRequestBody } from './request-body.ts';
import { findRoute, type RouteMatch } from './route-match.ts';

/**
 * The local API Gateway: routes each request through the route table, plays the CORS configuration and
 * the Lambda authorizer, and calls the group's handler with the payload 2.0 event API Gateway would
 * send. Handlers are imported on first use, so process.env must be complete before the first request.
 */
export type GroupHandler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

export type ApiServerOptions = {
  port: number;
  host?: string;
  maxBodyBytes?: number;
  /** Where a group's handler comes from; functions/<group>/handler.ts unless a test hands in its own. */
  loadGroupHandler?: (group: string) => Promise<GroupHandler>;
};
export type RunningApiServer = { url: string; port: number; close: () => Promise<void> };

/** API Gateway accepts up to 10 MB; nothing here needs more than 2 MiB, and the handlers refuse above 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/** What goes back on the wire: a handler's structured result, normalized. */
type Answer = {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
};

class MethodNotAllowedError extends HttpError {
  constructor(method: string, allowed: string[]) {
    super(405, 'method_not_allowed', 'Method not allowed', `${method} is not allowed here; use ${allowed.join(', ')}.`, {
      headers: { Allow: allowed.join(', ') },
    });
  }
}

/**
 * The result as API Gateway gets it: serialized to JSON by Lambda (so headers set to undefined vanish),
 * and when it has no statusCode, read as 200 JSON with the value itself as the body.
 */
function normalizeResult(returned: APIGatewayProxyResultV2): Answer {
  const result = (returned === undefined ? null : JSON.parse(JSON.stringify(returned))) as APIGatewayProxyResultV2;
  if (typeof result === 'object' && result !== null && typeof result.statusCode === 'number') {
    return {
      statusCode: result.statusCode,
      headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)])),
      ...(result.cookies ? { cookies: result.cookies } : {}),
      ...(result.body !== undefined ? { body: result.body } : {}),
      isBase64Encoded: result.isBase64Encoded === true,
    };
  }
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: typeof result === 'string' ? result : JSON.stringify(result),
  };
}

function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  const queryStart = url.indexOf('?');
  return queryStart === -1
    ? { rawPath: url, rawQueryString: '' }
    : { rawPath: url.slice(0, queryStart), rawQueryString: url.slice(queryStart + 1) };
}

/** Each header as API Gateway receives it: one value, or the list of a header sent more than once. */
const requestHeaders = (request: IncomingMessage): Record<string, string | string[]> =>
  Object.fromEntries(Object.entries(request.headersDistinct).map(([name, values]) => [name, values?.length === 1 ? values[0] as string : values ?? []]));

type Exchange = {
  request: IncomingMessage;
  requestId: string;
  log: Logger;
  maxBodyBytes: number;
  loadGroupHandler: (group: string) => Promise<GroupHandler>;
};

async function invokeRoute(exchange: Exchange, method: string, match: RouteMatch): Promise<Answer> {
  const { request, requestId, log, maxBodyBytes, loadGroupHandler } = exchange;
  const reading = await readRequestBody(request, maxBodyBytes);
  if (reading.kind === 'too-large') {
    const refusal = httpErrorProblem(new PayloadTooLargeError(maxBodyBytes), requestId);
    return { ...refusal, headers: { ...refusal.headers, Connection: 'close' } };
  }
  const { rawPath, rawQueryString } = splitUrl(request.url ?? '/');
  const event = buildHttpEvent(match.route, match.pathParameters, {
    method,
    rawPath,
    rawQueryString,
    headers: requestHeaders(request),
    body: reading.body,
    sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    requestId,
  });
  const authorized = match.route.access === 'protected' ? await authorizeRequest(event, log) : event;
  if (!authorized) return httpErrorProblem(new UnauthorizedError(), requestId);
  const handler = await loadGroupHandler(match.route.group);
  return normalizeResult(await handler(authorized, lambdaContext(`event-planning-local-${match.route.group}`)));
}

/** `preflight`: API Gateway's own CORS answer, sent as is. */
type Outcome = { answer: Answer; routeKey?: string; preflight?: boolean };

async function answer(exchange: Exchange): Promise<Outcome> {
  const { request, requestId } = exchange;
  const method = (request.method ?? 'GET').toUpperCase();
  const headers = request.headers as Record<string, string | undefined>;
  if (isPreflight(method, headers)) {
    request.resume();
    return { answer: { statusCode: 204, headers: preflightHeaders(headers.origin, config().CORS_ALLOWED_ORIGINS) }, preflight: true };
  }
  // HEAD is answered like GET, without a body (node:http leaves it out), so `curl -I` works.
  const routeMethod = method === 'HEAD' ? 'GET' : method;
  const { rawPath } = splitUrl(request.url ?? '/');
  const lookup = findRoute(routeMethod, rawPath);
  if (lookup.kind === 'unknown-path') {
    request.resume();
    const notFound = new HttpError(404, 'not_found', 'Not found', `No route matches ${method} ${rawPath}.`);
    return { answer: httpErrorProblem(notFound, requestId) };
  }
  if (lookup.kind === 'wrong-method') {
    request.resume();
    const allowed = lookup.allowed.includes('GET') ? [...lookup.allowed, 'HEAD'] : lookup.allowed;
    return { answer: httpErrorProblem(new MethodNotAllowedError(method, allowed), requestId) };
  }
  return { answer: await invokeRoute(exchange, routeMethod, lookup.match), routeKey: routeKey(lookup.match.route) };
}

function send(response: ServerResponse, { answer, preflight }: Outcome, origin: string | undefined, requestId: string): void {
  const headers = preflight ? answer.headers : withGatewayCors(answer.headers, origin, config().CORS_ALLOWED_ORIGINS);
  response.statusCode = answer.statusCode;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  if (!response.hasHeader('x-request-id')) response.setHeader('X-Request-Id', requestId);
  response.setHeader('apigw-requestid', requestId);
  if (answer.cookies?.length) response.setHeader('Set-Cookie', answer.cookies);
  const body = answer.body ?? '';
  response.end(answer.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const log = createLogger({ component: 'local-api-gateway' }, config().LOG_LEVEL);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const loadGroupHandler = options.loadGroupHandler ?? ((group: string) => loadHandler<GroupHandler>(group));

  const server = createServer((request, response) => {
    const startedAt = Date.now();
    const requestId = randomUUID();
    const exchange: Exchange = { request, requestId, log, maxBodyBytes, loadGroupHandler };
    const respond = async () => {
      let outcome: Outcome;
      try {
        outcome = await answer(exchange);
      } catch (error) {
        log.error('handler failed', { requestId, name: (error as Error)?.name, message: (error as Error)?.message, stack: (error as Error)?.stack });
        outcome = { answer: internalErrorProblem(requestId) };
      }
      send(response, outcome, request.headers.origin, requestId);
      log.info('request', {
        requestId,
        method: request.method,
        // The route template, not the path: paths can carry tokens (RSVP links), which never reach a log.
        route: outcome.routeKey ?? '(no route)',
        status: outcome.answer.statusCode,
        durationMs: Date.now() - startedAt,
        sourceIp: request.socket.remoteAddress,
      });
    };
    respond().catch((error: unknown) => {
      // Only writing the answer can fail here (the client went away); nothing is left to tell it.
      log.warn('could not send the answer', { requestId, message: (error as Error)?.message });
      response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE'
        ? new Error(`Port ${options.port} is already in use, so the API cannot listen on it. Stop what uses it or set PORT to another port.`)
        : error));
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
