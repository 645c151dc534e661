import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { functionEntryExists, loadHandler } from '../../infra/local/function-entries.ts';
import { apiContract } from '../../shared/api-contract/contract.ts';
import { buildOpenApiDocument, contractOf, mediaTypesOf, takesIdempotencyKey } from '../../shared/api-contract/openapi-document.ts';
import { problemExamples, problemSchema, problemStatuses } from '../../shared/api-contract/problem.ts';
import type { AnyOperation } from '../../shared/http/types.ts';
import { routeKey, routes } from '../../shared/routes.ts';

/**
 * The OpenAPI document and the contract registry it is generated from: every route of the table is
 * documented with the exact schemas its handler validates with, the document is valid OpenAPI 3.1, and
 * every example in it is one the API would accept or answer.
 */
type Document = OpenAPIV3_1.Document;
// Built on first use, so a route without a contract fails the registry tests by name, not the whole file.
let built: Document | undefined;
const documentOf = (): Document => (built ??= buildOpenApiDocument() as unknown as Document);
const lower = (method: string) => method.toLowerCase() as OpenAPIV3_1.HttpMethods;
const operationOf = (route: (typeof routes)[number]) => documentOf().paths?.[route.path]?.[lower(route.method)] as OpenAPIV3_1.OperationObject;

describe('the API contract registry', () => {
  it('has an entry for every route of the table', () => {
    const missing = routes.filter((route) => !apiContract[route.group]?.[route.operation]).map((route) => `${routeKey(route)} (${route.group}.${route.operation})`);

    expect(missing).toEqual([]);
  });

  it('has no entry for an operation the route table does not route to', () => {
    const stale = Object.entries(apiContract).flatMap(([group, operations]) =>
      Object.keys(operations).filter((name) => !routes.some((route) => route.group === group && route.operation === name)).map((name) => `${group}.${name}`));

    expect(stale).toEqual([]);
  });

  const routesWithHandlers = routes.filter((route) => functionEntryExists(route.group));

  it.each(routesWithHandlers.map((route) => [routeKey(route), route] as const))('%s documents the schemas its handler validates with', async (_key, route) => {
    const handler = await loadHandler<((...args: never[]) => unknown) & { operations: Record<string, AnyOperation> }>(route.group);
    const operation = handler.operations[route.operation] as AnyOperation;
    const contract = contractOf(route);

    expect(contract.params).toBe(operation.params);
    expect(contract.query).toBe(operation.query);
    expect(contract.headers).toBe(operation.headers);
    expect(contract.body?.schema).toBe(operation.body);
    // A POST ignores an Idempotency-Key exactly when it is public or its operation does not store answers, and then says why.
    const ignored = route.method === 'POST' && (route.access === 'public' || operation.idempotency === 'not-stored');
    expect(contract.idempotencyKeyIgnored !== undefined, `${routeKey(route)}: idempotencyKeyIgnored`).toBe(ignored);
    if (ignored) expect(contract.idempotencyKeyIgnored?.length).toBeGreaterThan(40);
    const bodyType = { json: 'application/json', form: 'application/x-www-form-urlencoded', csv: 'text/csv' }[operation.bodyType ?? 'json'];
    if (contract.body) expect(contract.body.mediaType ?? 'application/json').toBe(bodyType);
  });

  it.each(routes.filter((route) => apiContract[route.group]?.[route.operation]?.body).map((route) => [routeKey(route), route] as const))('%s has a request example its schema accepts', (_key, route) => {
    const body = contractOf(route).body as NonNullable<ReturnType<typeof contractOf>['body']>;

    const parsed = body.schema.safeParse(body.example);

    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('has problem examples that are problem documents of their status', () => {
    for (const status of problemStatuses) {
      expect(problemSchema.parse(problemExamples[status]).status).toBe(status);
    }
  });

  it('has response examples that their schemas accept', () => {
    const checked = examplesIn(routes.flatMap((route) => Object.values(contractOf(route).responses).flatMap((success) => (success.schema ? [success.schema] : []))));

    expect(checked.count).toBeGreaterThanOrEqual(10);
    expect(checked.failures).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for a real validator', async () => {
    const validated = await SwaggerParser.validate(structuredClone(documentOf()) as never);

    expect((validated as Document).openapi).toBe('3.1.0');
  });

  it('has every route of the table with its method, summary, operation id and security', () => {
    for (const route of routes) {
      const operation = operationOf(route);

      expect(operation, routeKey(route)).toBeDefined();
      expect(operation.operationId).toBe(route.operation);
      expect(operation.summary).toBe(route.summary);
      expect(operation.security).toEqual(route.access === 'protected' ? [{ bearerAuth: [] }] : []);
    }
    const documented = Object.entries(documentOf().paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).filter((key) => ['get', 'put', 'post', 'delete', 'patch'].includes(key)).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map(routeKey).sort());
  });

  it('documents every path, query, header and cookie parameter a route reads', () => {
    for (const route of routes) {
      const contract = contractOf(route);
      const parameters = (operationOf(route).parameters ?? []) as OpenAPIV3_1.ParameterObject[];
      const named = (place: string) => parameters.filter((parameter) => parameter.in === place).map((parameter) => parameter.name).sort();

      expect(named('path'), routeKey(route)).toEqual([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort());
      expect(named('query'), routeKey(route)).toEqual(Object.keys(shapeOf(contract.query)).sort());
      if (contract.ifMatch) expect(named('header')).toContain('If-Match');
      expect(named('header').includes('Idempotency-Key')).toBe(takesIdempotencyKey(route, contract));
      for (const header of Object.keys(shapeOf(contract.headers))) expect(named('header'), routeKey(route)).toContain(header);
      expect(named('cookie'), routeKey(route)).toEqual(Object.keys(shapeOf(contract.cookies)).sort());
    }
  });

  it('marks the deprecated routes of the table deprecated, and only those', () => {
    const marked = routes.filter((route) => (operationOf(route) as { deprecated?: boolean }).deprecated === true).map(routeKey);

    expect(marked.sort()).toEqual(routes.filter((route) => route.deprecated).map(routeKey).sort());
    expect(marked).toContain('GET /api/rsvp/{code}');
  });

  it('documents the request body of every route that reads one, in its media type, with an example', () => {
    for (const route of routes) {
      const contract = contractOf(route);
      const requestBody = operationOf(route).requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      if (!contract.body) {
        expect(requestBody, routeKey(route)).toBeUndefined();
        continue;
      }
      const media = requestBody?.content[contract.body.mediaType ?? 'application/json'];
      expect(media?.schema, routeKey(route)).toBeDefined();
      expect(media?.example).toEqual(contract.body.example);
    }
  });

  it('documents a success answer and the problem answers of every route, problems as RFC 9457 documents', () => {
    const problemRefs = new Set(problemStatuses.map((status) => `#/components/responses/Problem${status}`));
    for (const route of routes) {
      const responses = operationOf(route).responses ?? {};
      const statuses = Object.keys(responses).map(Number);

      expect(statuses.some((status) => status < 400), routeKey(route)).toBe(true);
      expect(statuses, routeKey(route)).toContain(500);
      if (route.access === 'protected') expect(statuses, routeKey(route)).toContain(401);
      if (route.path.includes('{')) expect(statuses, routeKey(route)).toContain(404);
      if (contractOf(route).body) expect(statuses, routeKey(route)).toEqual(expect.arrayContaining([400, 413, 415]));
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const documented = '$ref' in response ? problemRefs.has(response.$ref) : Boolean(response.content?.['application/problem+json']);
        expect(documented, `${routeKey(route)} ${status}`).toBe(true);
      }
    }
    expect(Object.keys(documentOf().components?.schemas ?? {})).toContain('Problem');
  });

  it('says which media type each success answer has', () => {
    for (const route of routes) {
      for (const [status, success] of Object.entries(contractOf(route).responses)) {
        const content = (operationOf(route).responses?.[status] as OpenAPIV3_1.ResponseObject).content ?? {};
        expect(Object.keys(content).sort(), `${routeKey(route)} ${status}`).toEqual(success.schema ? mediaTypesOf(success).sort() : []);
      }
    }
  });
});

/** The keys of a (possibly piped) object schema: the query parameters a route reads. */
function shapeOf(schema: z.ZodType | undefined): Record<string, unknown> {
  if (!schema) return {};
  const def = schema._zod.def as { type: string; shape?: Record<string, unknown>; in?: z.ZodType };
  if (def.type === 'pipe') return shapeOf(def.in);
  return def.shape ?? {};
}

/** Walks answer schemas and parses every `example` in their metadata with the schema that carries it. */
function examplesIn(schemas: z.ZodType[]): { count: number; failures: string[] } {
  const seen = new Set<z.ZodType>();
  const failures: string[] = [];
  let count = 0;
  const visit = (schema: z.ZodType) => {
    if (seen.has(schema)) return;
    seen.add(schema);
    const example = (schema.meta() as { example?: unknown; id?: string } | undefined)?.example;
    if (example !== undefined) {
      count += 1;
      const parsed = schema.safeParse(example);
      if (!parsed.success) failures.push(`${schema.meta()?.id ?? schema._zod.def.type}: ${JSON.stringify(parsed.error.issues)}`);
    }
    const def = schema._zod.def as { shape?: Record<string, z.ZodType>; element?: z.ZodType; options?: z.ZodType[]; innerType?: z.ZodType; valueType?: z.ZodType };
    for (const child of [...Object.values(def.shape ?? {}), def.element, ...(def.options ?? []), def.innerType, def.valueType]) if (child) visit(child);
  };
  schemas.forEach(visit);
  return { count, failures };
}

describe('the answered fields the functions ignore on input', () => {
  it('are those of the contract (run `npm run contract:fields` after changing an answer schema)', async () => {
    const { answeredFieldsModule } = await import('../../scripts/answered-fields.ts');
    const { readFile } = await import('node:fs/promises');

    const written = await readFile(new URL('../../shared/http/body/answered-fields.ts', import.meta.url), 'utf8');

    expect(written).toBe(answeredFieldsModule());
  });
});
