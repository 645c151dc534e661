import { describe, expect, it } from 'vitest';
import { acknowledged, lintApiDocument } from '../../scripts/api-contract/lint.ts';
import { buildOpenApiDocument } from '../../shared/api-contract/openapi-document.ts';

/**
 * The contract's lint (`npm run lint:api`): the served document passes it with no finding, and each rule
 * the contract relies on is on and catches its fault in a small document.
 */
const problem = (status: number, code: string) => ({ type: `https://errors.example/${code}`, title: code, status, detail: code, code });

/** A document that passes every rule: one protected read with a 404 and a rate limit. */
const cleanDocument = () => ({
  openapi: '3.1.0',
  info: { title: 'Small', version: '1.0.0', description: 'A small API' },
  servers: [{ url: '/' }],
  tags: [{ name: 'events', description: 'Events' }],
  paths: {
    '/api/events/{id}': {
      get: {
        operationId: 'getEvent',
        summary: 'One event',
        tags: ['events'],
        security: [{ bearerAuth: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'The event', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } },
          '404': { $ref: '#/components/responses/Problem404' },
          '429': {
            description: 'Too many',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example: problem(429, 'rate_limited') } },
          },
        },
      },
    },
  },
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Problem: {
        type: 'object',
        properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, code: { type: 'string' } },
        required: ['type', 'title', 'status', 'code'],
      },
    },
    responses: {
      Problem404: {
        description: 'Not found',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, examples: { not_found: { value: problem(404, 'not_found') } } } },
      },
    },
  },
});
type SmallDocument = ReturnType<typeof cleanDocument>;
type Operation = Partial<SmallDocument['paths']['/api/events/{id}']['get']>;

const rulesFailedBy = async (change: (document: SmallDocument, operation: Operation) => void) => {
  const document = cleanDocument();
  change(document, document.paths['/api/events/{id}'].get);
  const { problems } = await lintApiDocument(document);
  return [...new Set(problems.map((found) => found.ruleId))];
};

describe('the API lint', () => {
  it('finds nothing in the served document, and every acknowledged finding is still there', async () => {
    const { problems, staleAcknowledgements } = await lintApiDocument(buildOpenApiDocument());

    expect(problems.map((found) => `${found.ruleId} ${found.location[0]?.pointer}: ${found.message}`)).toEqual([]);
    expect(staleAcknowledgements).toEqual([]);
    expect(acknowledged.every((entry) => entry.why.length > 20)).toBe(true);
  });

  it('passes the small clean document', async () => {
    expect(await rulesFailedBy(() => {})).toEqual([]);
  });

  it.each([
    ['an operation without operationId', 'operation-operationId', (_d: SmallDocument, operation: Operation) => delete operation.operationId],
    ['an operation without summary', 'operation-summary', (_d: SmallDocument, operation: Operation) => delete operation.summary],
    ['an operation without tags', 'operation-tag-defined', (_d: SmallDocument, operation: Operation) => delete operation.tags],
    ['a tag not declared', 'operation-tag-defined', (_d: SmallDocument, operation: Operation) => (operation.tags = ['guests'])],
    ['a tag without description', 'tag-description', (document: SmallDocument) => (document.tags = [{ name: 'events' } as SmallDocument['tags'][number]])],
    ['an operation without security', 'security-defined', (_d: SmallDocument, operation: Operation) => delete operation.security],
    ['an operation without any 4xx answer', 'operation-4xx-response', (_d: SmallDocument, operation: Operation) => {
      const { '200': success } = operation.responses as SmallDocument['paths']['/api/events/{id}']['get']['responses'];
      operation.responses = { '200': success } as Operation['responses'];
    }],
    ['a 4xx answer that is not a problem document', 'operation-4xx-problem-details-rfc7807', (document: SmallDocument) => {
      const media = document.components.responses.Problem404.content;
      (media as Record<string, unknown>)['application/json'] = media['application/problem+json'];
      delete (media as Partial<typeof media>)['application/problem+json'];
    }],
    ['a problem answer without example', 'event-planning/problem-examples', (document: SmallDocument) => {
      delete (document.components.responses.Problem404.content['application/problem+json'] as { examples?: unknown }).examples;
    }],
    ['a problem example of another status', 'event-planning/problem-examples', (document: SmallDocument) => {
      document.components.responses.Problem404.content['application/problem+json'].examples.not_found.value = problem(409, 'conflict');
    }],
    ['a 429 without Retry-After', 'event-planning/retry-after-declared', (_d: SmallDocument, operation: Operation) => {
      delete (operation.responses?.['429'] as { headers?: unknown }).headers;
    }],
    ['an unused component', 'no-unused-components', (document: SmallDocument) => {
      (document.components.schemas as Record<string, unknown>).Orphan = { type: 'string' };
    }],
    ['an example its schema refuses', 'no-invalid-media-type-examples', (_d: SmallDocument, operation: Operation) => {
      (operation.responses?.['200'] as { content: { 'application/json': { example?: unknown } } }).content['application/json'].example = { id: 42 };
    }],
  ] as const)('catches %s (%s)', async (_name, rule, change) => {
    expect(await rulesFailedBy(change)).toContain(rule);
  });
});
