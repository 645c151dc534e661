import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { KEY_PATTERN as idempotencyKeyPattern } from '../http/middleware/idempotency.ts';
import { corsPolicy, type RouteDefinition, routeKey, routes } from '../routes.ts';
import { apiContract } from './contract.ts';
import type { OperationContract, SuccessContract, SuccessMediaType } from './operation-contract.ts';
import { extraProblemExamples, problemDescriptions, problemExamples, problemSchema, type ProblemStatus } from './problem.ts';
import { groupDescriptions } from './tags.ts';

/**
 * The OpenAPI 3.1 document of the whole API, generated from the route table (every route, its summary
 * and access) and the contract registry (the handlers' own zod schemas for what a route accepts, and the
 * answer schemas). Nothing here is written by hand per route, so the document cannot drift from the
 * table, and tests/integration/contract.test.ts holds the answers to it.
 */
const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * The contract's version (info.version). A breaking change (scripts/api-contract/breaking-changes.ts)
 * needs a new major (a new minor while below 1.0.0); then `npm run api:release` records the document.
 */
export const API_VERSION = '0.6.0';

/**
 * Writes under an event (its own path or a child's) are decided by the caller's role, so they can answer
 * 403; the caller's own notifications cannot (the permission matrix draws the same line).
 */
/**
 * A route of one event (or of a thing in it): a 403 when the caller's role does not allow a write, and on
 * any of them, reads too, when the event requires a second factor the caller has not set up (mfa_required).
 */
const eventScoped = (route: RouteDefinition): boolean =>
  route.access === 'protected' && route.group !== 'notifications' && /^\/api\/[a-z/]+\/\{id\}/.test(route.path);

/** The contract of a route; a route without one is a bug the unit test reports by name. */
export function contractOf(route: RouteDefinition): OperationContract {
  const found = apiContract[route.group]?.[route.operation];
  if (!found) throw new Error(`No API contract for ${routeKey(route)} (${route.group}.${route.operation})`);
  return found;
}

/** Whether the route honours an Idempotency-Key: every POST whose contract does not say why it cannot. */
export const takesIdempotencyKey = (route: RouteDefinition, contract: OperationContract): boolean =>
  route.method === 'POST' && contract.idempotencyKeyIgnored === undefined;

/** The contract's description, plus why a POST takes no Idempotency-Key when it cannot, and until when a deprecated route works. */
function operationDescription(route: RouteDefinition, contract: OperationContract): string | undefined {
  const ignored = route.method === 'POST' && contract.idempotencyKeyIgnored ? `Idempotency-Key is not honoured here. ${contract.idempotencyKeyIgnored}` : undefined;
  const sunset = route.deprecated
    ? `Deprecated since ${route.deprecated.since}; works until ${route.deprecated.sunset} (its answers carry Deprecation, Sunset and a Link to ${route.deprecated.successor}).`
    : undefined;
  return [contract.description, sunset, ignored, problemCodesDescription(contract)].filter(Boolean).join('\n\n') || undefined;
}

/** The operation's own problem codes as a list for its description (empty: none). */
function problemCodesDescription(contract: OperationContract): string | undefined {
  const lines = Object.entries(contract.problemCodes ?? {}).flatMap(([status, codes]) =>
    Object.entries(codes ?? {}).map(([code, when]) => `- ${status} \`${code}\`: ${when}`));
  return lines.length > 0 ? `Problem codes of this route:\n${lines.join('\n')}` : undefined;
}

/** The problem statuses a route can answer: those of its kind (input, auth, path, version, body) plus its own. */
export function problemsOf(route: RouteDefinition, contract: OperationContract): ProblemStatus[] {
  const statuses = new Set<ProblemStatus>([
    ...(contract.problems ?? []),
    ...(Object.keys(contract.htmlErrors ?? {}).map(Number) as ProblemStatus[]),
    ...(Object.keys(contract.problemCodes ?? {}).map(Number) as ProblemStatus[]),
  ]);
  const protectedRoute = route.access === 'protected';
  if (contract.params || contract.query || contract.headers || contract.body || contract.ifMatch || takesIdempotencyKey(route, contract)) statuses.add(400);
  if (protectedRoute) {
    statuses.add(401);
    // The per-user and per-address throttles of every signed-in route (shared/http/middleware/throttle.ts).
    statuses.add(429);
  }
  if (eventScoped(route)) statuses.add(403);
  if (route.path.includes('{')) statuses.add(404);
  if (contract.ifMatch || takesIdempotencyKey(route, contract)) statuses.add(409);
  if (contract.body) {
    statuses.add(413);
    statuses.add(415);
  }
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

export const mediaTypesOf = (success: SuccessContract): SuccessMediaType[] =>
  [success.mediaType ?? 'application/json'].flat();

const problemResponseName = (status: ProblemStatus) => `Problem${status}`;

/** A problem answer's examples: the status's own, plus further common causes of it. */
function problemExamplesOf(status: ProblemStatus) {
  const examples: Record<string, { value: unknown }> = { [problemExamples[status].code]: { value: problemExamples[status] } };
  for (const [name, value] of Object.entries(extraProblemExamples[status] ?? {})) examples[name] = { value };
  return examples;
}

/** 429 and 503 answers say how long to wait (shared/http/errors.ts sets the header). */
const problemHeadersOf = (status: ProblemStatus) =>
  status === 429 || status === 503
    ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' as const, minimum: 1 } } } }
    : {};

function registerProblems(registry: OpenAPIRegistry): void {
  for (const [key, description] of Object.entries(problemDescriptions)) {
    const status = Number(key) as ProblemStatus;
    registry.registerComponent('responses', problemResponseName(status), {
      description,
      ...problemHeadersOf(status),
      content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' }, examples: problemExamplesOf(status) } },
    });
  }
}

function requestHeaders(route: RouteDefinition, contract: OperationContract) {
  const headers: Record<string, z.ZodType> = { ...contract.headers?.shape };
  if (contract.ifMatch) {
    headers['If-Match'] = z.string().optional().meta({ description: 'The version you read (3, "3" or W/"3"); a stale one answers 409 version_conflict', example: '1' });
  }
  if (takesIdempotencyKey(route, contract)) {
    headers['Idempotency-Key'] = z
      .string()
      .regex(idempotencyKeyPattern)
      .optional()
      .meta({ description: 'Repeating the POST with the same key (24 hours, per caller) answers the first answer again', example: 'b3f1c2d4-order-7' });
  }
  return Object.keys(headers).length > 0 ? z.object(headers) : undefined;
}

/**
 * A route added to the table before its contract: listed with its path parameters and a bare answer, so
 * the document (and /docs) still serve; tests/unit/api-contract.test.ts fails until the entry exists.
 */
function undocumentedRoute(route: RouteDefinition): OperationContract {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  return {
    description: 'Not documented yet.',
    ...(names.length > 0 ? { params: z.object(Object.fromEntries(names.map((name) => [name, z.string()]))) } : {}),
    responses: { 200: { description: 'Not documented yet', schema: z.unknown() } },
  };
}

function routeConfig(route: RouteDefinition): RouteConfig {
  const contract = apiContract[route.group]?.[route.operation] ?? undocumentedRoute(route);
  const responses: Record<string, ResponseConfig | { $ref: string }> = {};
  for (const [status, success] of Object.entries(contract.responses)) {
    responses[status] = {
      description: success.description,
      ...(success.headers
        ? { headers: Object.fromEntries(Object.entries(success.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
        : {}),
      ...(success.schema ? { content: Object.fromEntries(mediaTypesOf(success).map((type) => [type, { schema: success.schema }])) } : {}),
    };
  }
  for (const status of problemsOf(route, contract)) {
    const page = contract.htmlErrors?.[status];
    responses[status] = page
      ? {
          description: `${page} (an HTML page); refusals before the page runs are problem documents`,
          ...problemHeadersOf(status),
          content: { 'text/html': { schema: z.string() }, [PROBLEM_MEDIA_TYPE]: { schema: problemSchema, examples: problemExamplesOf(status) } },
        }
      : { $ref: `#/components/responses/${problemResponseName(status)}` };
  }
  const headers = requestHeaders(route, contract);
  return {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: route.path,
    operationId: route.operation,
    summary: route.summary,
    ...(operationDescription(route, contract) ? { description: operationDescription(route, contract) } : {}),
    tags: [route.group],
    ...(route.deprecated ? { deprecated: true } : {}),
    security: route.access === 'protected' ? [{ bearerAuth: [] }] : [],
    request: {
      ...(contract.params ? { params: contract.params } : {}),
      ...(contract.query ? { query: contract.query } : {}),
      ...(contract.cookies ? { cookies: contract.cookies } : {}),
      ...(headers ? { headers } : {}),
      ...(contract.body
        ? {
            body: {
              required: !contract.body.optional,
              ...(contract.body.description ? { description: contract.body.description } : {}),
              content: { [contract.body.mediaType ?? 'application/json']: { schema: contract.body.schema, example: contract.body.example } },
            },
          }
        : {}),
    },
    responses: responses as RouteConfig['responses'],
  };
}

/** Builds the document (tests call it directly; the docs function caches it). */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The access_token from register, login or refresh',
  });
  registerProblems(registry);
  for (const route of routes) registry.registerPath(routeConfig(route));
  // The Problem schema carries its component id (meta id); listed as a definition it is generated even
  // though only the shared problem responses refer to it, by $ref.
  return new OpenApiGeneratorV31([...registry.definitions, { type: 'schema', schema: problemSchema }]).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Event-planning API',
      version: API_VERSION,
      description:
        'Events, guests and RSVPs, budgets, vendors, documents, timelines, checklists, teams and invitations. ' +
        'Success bodies are `{"data": ...}` (lists add `meta` with `count` and `next_cursor`); every error is an RFC 9457 ' +
        `problem document (application/problem+json) with a stable \`code\`. CORS allows the headers ${corsPolicy.allowHeaders.join(', ')}. ` +
        'Every `/api` answer carries `Cache-Control: no-store`. A JSON body that uses `__proto__`, `constructor` or `prototype` as a key, ' +
        'at any depth, is a 400 `reserved_field_name` naming where.',
    },
    servers: [{ url: '/', description: 'This deployment' }],
    tags: [...new Set(routes.map((route) => route.group))].map((name) => ({ name, description: groupDescriptions[name] })),
  });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
