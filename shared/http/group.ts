import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { Context } from 'aws-lambda';
import type { Caller } from '../auth/tokens.ts';
import { config } from '../config.ts';
import { pageContentSecurityPolicy } from '../pages/layout.ts';
import { corsPolicy, type FunctionGroup, routeKey, routes } from '../routes.ts';
import { cookiesByName } from './cookies.ts';
import { observability } from '../observability/middlewares.ts';
import { NotFoundError } from './errors.ts';
import { authenticate } from './middleware/authenticate.ts';
import { apiContentSecurity } from './middleware/api-content-security.ts';
import { apiCacheControl } from './middleware/cache-control.ts';
import { deprecation } from './middleware/deprecation.ts';
import { idempotency } from './middleware/idempotency.ts';
import { jsonBody } from './middleware/json-body.ts';
import { problemResponse } from './middleware/problem-response.ts';
import { requestContext } from './middleware/request-context.ts';
import { throttle } from './middleware/throttle.ts';
import type { AnyOperation, HttpEvent, HttpRequestContext, HttpResult, Operation } from './types.ts';
import { answeredFields } from './body/answered-fields.ts';
import { unknownFieldProblems } from './body/unknown-fields.ts';
import { parseParts } from './validate.ts';

const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

const answeredSets = new Map(Object.entries(answeredFields).map(([key, fields]) => [key, new Set(fields)]));
const nothingAnswered: ReadonlySet<string> = new Set();

/**
 * Defines an operation with its input types inferred from its schemas. `C` is the caller: a Caller on
 * protected routes, null on public ones (the route table decides which).
 */
export function operation<B = undefined, Q = undefined, P = undefined, C extends Caller | null = Caller, H = undefined>(
  definition: Operation<B, Q, P, C, H>,
): Operation<B, Q, P, C, H> {
  return definition;
}

/** Marks an operation as public, so its handler receives `caller: null`. */
export const publicOperation = <B = undefined, Q = undefined, P = undefined, H = undefined>(definition: Operation<B, Q, P, null, H>) =>
  definition;

/**
 * Builds one Lambda handler for a function group: the shared middleware stack, then a dispatch on
 * API Gateway's routeKey to the operation the route table names. Throws at cold start when the group
 * lacks an operation the table routes to it, so a deployed route can never miss its code. The returned
 * handler keeps its `operations`, so tests can hold the API contract to the schemas it validates with.
 * `contentSecurityPolicy` replaces the pages' policy for the group's HTML answers (the API reference).
 */
export function httpGroup(
  group: FunctionGroup,
  operations: Record<string, AnyOperation>,
  options: { contentSecurityPolicy?: Record<string, string> } = {},
) {
  const byRouteKey = new Map<string, { operation: AnyOperation; access: 'public' | 'protected' }>();
  for (const route of routes.filter((candidate) => candidate.group === group)) {
    const found = operations[route.operation];
    if (!found) throw new Error(`Group ${group} has no operation ${route.operation} for ${routeKey(route)}`);
    byRouteKey.set(routeKey(route), { operation: found, access: route.access });
  }

  const dispatch = async (event: HttpEvent, context: HttpRequestContext): Promise<HttpResult> => {
    if (context.replay) return context.replay;
    const operation = context.operation as AnyOperation;
    // A form or a CSV file is not checked for unknown fields: a browser form may post its buttons' names.
    const unknownFields = operation.body && (operation.bodyType ?? 'json') === 'json'
      ? unknownFieldProblems(operation.body, event.body, answeredSets.get(event.routeKey) ?? nothingAnswered)
      : [];
    const input = parseParts({
      params: { schema: operation.params, value: event.pathParameters ?? {} },
      query: { schema: operation.query, value: event.queryStringParameters ?? {} },
      headers: { schema: operation.headers, value: event.headers },
      body: { schema: operation.body, value: event.body },
    }, unknownFields);
    return operation.handle({
      ...input,
      caller: context.caller ?? null,
      request: {
        requestId: context.requestId,
        log: context.log,
        sourceIp: event.requestContext.http.sourceIp,
        userAgent: event.requestContext.http.userAgent,
        headers: event.headers,
        cookies: cookiesByName(event.cookies),
      },
    });
  };

  const findOperation: middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> = {
    before: (request) => {
      const found = byRouteKey.get(request.event.routeKey);
      if (!found) throw new NotFoundError('route');
      request.context.operation = found.operation;
      request.context.access = found.access;
    },
  };

  // Middleware first, handler last. After/onError run in reverse: the problem handler answers first,
  // then CORS, security headers and the request id are added to whatever was answered.
  const handler = middy<HttpEvent, HttpResult, Error, HttpRequestContext>()
    // Powertools first: their after/onError run last, once the answer is final (and on every error).
    .use(observability())
    .use(requestContext(group))
    // Runs its after/onError late, so the problem handler's answers get the header too.
    .use(apiCacheControl())
    // Late too, so refusals of a deprecated route say it is deprecated as well.
    .use(deprecation())
    // After the security headers: they set the pages' policy, this one every other answer's.
    .use(apiContentSecurity())
    // The CSP applies to HTML answers only (the public RSVP pages, the API reference).
    // HSTS for a year with subdomains (ASVS 5.0 3.4.1 asks at least a year; middy's default is 180 days).
    .use(httpSecurityHeaders({ contentSecurityPolicy: options.contentSecurityPolicy ?? pageContentSecurityPolicy, strictTransportSecurity: { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true, preload: true } }))
    .use(
      httpCors({
        origins: config().CORS_ALLOWED_ORIGINS,
        credentials: false,
        maxAge: corsPolicy.maxAgeSeconds,
        headers: corsPolicy.allowHeaders.join(','),
        exposeHeaders: corsPolicy.exposeHeaders.join(','),
      }),
    )
    .use(httpHeaderNormalizer())
    .use(problemResponse())
    .use(findOperation)
    .use(jsonBody())
    .use(authenticate())
    .use(throttle())
    .use(idempotency())
    .handler(dispatch) as unknown as (event: HttpEvent, context: Context) => Promise<HttpResult>;
  return Object.assign(handler, { operations });
}
