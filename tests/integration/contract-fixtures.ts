import SwaggerParser from '@apidevtools/swagger-parser';
import type { Context } from 'aws-lambda';
import type { OpenAPIV3_1 } from 'openapi-types';
import { expect } from 'vitest';
import * as z from 'zod';
import { loadHandler } from '../../infra/local/function-entries.ts';
import { buildOpenApiDocument, contractOf, mediaTypesOf, problemsOf } from '../../shared/api-contract/openapi-document.ts';
import { problemSchema } from '../../shared/api-contract/problem.ts';
import type { HttpEvent, HttpResult } from '../../shared/http/types.ts';
import { type RouteDefinition, routeKey } from '../../shared/routes.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import type { SignedInUser } from '../support/signed-in-user.ts';

/**
 * The contract test's two checks: an answer is one the OpenAPI document promises for its route (status,
 * media type, body schema, documented headers), and a refusal is a documented problem status answered as
 * an RFC 9457 document (or, for a page's own refusals, as the HTML page the contract names). Bodies are
 * checked twice: against the contract's zod schema, and against the JSON Schema the published document
 * carries for that status and media type (dereferenced, read back with zod's fromJSONSchema), so a schema
 * the generator translated wrongly fails too.
 */
export type ContractCall = {
  /** Whose token to send (any signed-in user, or an account made through the API); null: none. */
  user?: Pick<SignedInUser, 'token'> | null;
  path: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
};

type GroupHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;
type Answer = Awaited<ReturnType<typeof invoke>>;

let address = 0;

/** Calls the route through its group's real handler, each call from its own address (the public routes are rate limited). */
export async function send(route: RouteDefinition, call: ContractCall): Promise<Answer> {
  address += 1;
  const handler = await loadHandler<GroupHandler>(route.group);
  return invoke(handler, makeHttpEvent({
    method: route.method,
    path: call.path,
    token: call.user?.token,
    body: call.body,
    rawBody: call.rawBody,
    headers: call.headers,
    query: call.query,
    sourceIp: `198.18.${Math.floor(address / 250) % 250}.${(address % 250) + 1}`,
  }));
}

let published: Promise<OpenAPIV3_1.Document> | undefined;
const publishedSchemas = new Map<string, z.ZodType>();

/** The schema the published document gives an answer of the route, as zod. */
async function publishedSchema(route: RouteDefinition, status: number, mediaType: string): Promise<z.ZodType> {
  const key = `${routeKey(route)} ${status} ${mediaType}`;
  const known = publishedSchemas.get(key);
  if (known) return known;
  published ??= SwaggerParser.dereference(structuredClone(buildOpenApiDocument()) as never) as Promise<OpenAPIV3_1.Document>;
  const operation = (await published).paths?.[route.path]?.[route.method.toLowerCase() as OpenAPIV3_1.HttpMethods];
  const response = operation?.responses?.[status] as OpenAPIV3_1.ResponseObject | undefined;
  const schema = response?.content?.[mediaType]?.schema;
  expect(schema, `${key}: not in the published document`).toBeDefined();
  const converted = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  publishedSchemas.set(key, converted);
  return converted;
}

async function expectFitsPublished(route: RouteDefinition, answer: Answer, mediaType: string): Promise<void> {
  const parsed = (await publishedSchema(route, answer.status, mediaType)).safeParse(answer.body);
  expect(parsed.error?.issues ?? [], `${routeKey(route)} ${answer.status}: the body does not fit the published document`).toEqual([]);
}

const contentTypeOf = (answer: Answer) => (answer.headers['Content-Type'] ?? '').split(';')[0]?.trim();

/** The answer is a documented success of the route, and its body fits the documented schema. */
export async function expectDocumentedSuccess(route: RouteDefinition, answer: Answer): Promise<void> {
  const key = routeKey(route);
  const success = contractOf(route).responses[answer.status as 200];
  expect(success, `${key} answered ${answer.status}, which it does not document: ${JSON.stringify(answer.body)?.slice(0, 500)}`).toBeDefined();
  if (!success) return;
  // API Gateway's payload 2.0 answers cookies apart from the headers; it sends each as a Set-Cookie.
  const headerOf = (name: string) => (name === 'Set-Cookie' ? answer.cookies[0] : answer.headers[name]);
  for (const header of Object.keys(success.headers ?? {})) expect(headerOf(header), `${key}: header ${header}`).toBeTruthy();
  if (!success.schema) {
    expect(answer.body ?? '', `${key}: a body where none is documented`).toBe('');
    return;
  }
  expect(mediaTypesOf(success), `${key}: Content-Type ${answer.headers['Content-Type']}`).toContain(contentTypeOf(answer));
  const parsed = success.schema.safeParse(answer.body);
  expect(parsed.error?.issues ?? [], `${key} ${answer.status}: the body does not fit its documented schema`).toEqual([]);
  await expectFitsPublished(route, answer, contentTypeOf(answer) as string);
}

/** The answer is the refusal `status`, documented for the route, in the documented form. */
export async function expectDocumentedProblem(route: RouteDefinition, answer: Answer, status: number): Promise<void> {
  const key = routeKey(route);
  const contract = contractOf(route);
  expect(answer.status, `${key}: ${JSON.stringify(answer.body)?.slice(0, 500)}`).toBe(status);
  expect(problemsOf(route, contract), `${key} answered ${status}, which it does not document`).toContain(status);
  if (contentTypeOf(answer) === 'text/html') {
    expect(contract.htmlErrors?.[status as 404], `${key}: an HTML ${status} the contract does not name`).toBeDefined();
    return;
  }
  expect(contentTypeOf(answer)).toBe('application/problem+json');
  const parsed = problemSchema.safeParse(answer.body);
  expect(parsed.error?.issues ?? [], `${key} ${status}: not a problem document`).toEqual([]);
  expect(answer.body.status).toBe(status);
  await expectFitsPublished(route, answer, 'application/problem+json');
}
