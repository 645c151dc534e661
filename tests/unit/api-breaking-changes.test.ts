import { describe, expect, it } from 'vitest';
import { allowsBreakingChanges, breakingChanges } from '../../scripts/api-contract/breaking-changes.ts';
import { readReleasedDocument, releaseBlockers } from '../../scripts/api-contract/release.ts';
import { buildOpenApiDocument } from '../../shared/api-contract/openapi-document.ts';

/**
 * The breaking-change check: each kind of break a frontend would trip over is caught in a small
 * document, additions are not, and the document the API serves breaks nothing of the released one
 * (docs/api/openapi.released.json) unless its version announces it.
 */
const smallDocument = (version = '1.0.0') => ({
  openapi: '3.1.0',
  info: { title: 'Small', version },
  paths: {
    '/api/events': {
      get: {
        operationId: 'listEvents',
        parameters: [{ name: 'status', in: 'query', required: false, schema: { $ref: '#/components/schemas/Status' } }],
        responses: { '200': { description: 'Events', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Event' } } } } } },
      },
      post: {
        operationId: 'createEvent',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { name: { type: 'string' }, capacity: { type: ['integer', 'null'] }, status: { $ref: '#/components/schemas/Status' } },
                required: ['name'],
              },
            },
          },
        },
        responses: { '201': { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Event' } } } } },
      },
    },
    '/api/events/{id}': {
      get: {
        operationId: 'getEvent',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'The event', content: { 'application/json': { schema: { $ref: '#/components/schemas/Event' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Status: { type: 'string', enum: ['planning', 'confirmed', 'cancelled'] },
      Event: {
        type: 'object',
        properties: { id: { type: 'string' }, name: { type: 'string' }, capacity: { type: ['integer', 'null'] }, status: { $ref: '#/components/schemas/Status' } },
        required: ['id', 'name', 'capacity', 'status'],
      },
    },
  },
});
type SmallDocument = ReturnType<typeof smallDocument>;
type Change = (document: SmallDocument) => unknown;
type CreateBody = { properties: Record<string, unknown>; required: string[] };

const changed = (change: (document: SmallDocument) => void): SmallDocument => {
  const document = smallDocument();
  change(document);
  return document;
};
const createBody = (document: SmallDocument) => document.paths['/api/events'].post.requestBody.content['application/json'].schema as CreateBody;
const eventSchema = (document: SmallDocument) => document.components.schemas.Event as { properties: Record<string, unknown>; required: string[] };

describe('breaking changes between two documents', () => {
  it('finds none between a document and itself', () => {
    expect(breakingChanges(smallDocument(), smallDocument())).toEqual([]);
  });

  it.each<[string, Change, string]>([
    ['a removed path', (document) => delete (document.paths as Partial<SmallDocument['paths']>)['/api/events/{id}'], 'paths › /api/events/{id}'],
    ['a removed operation', (document) => delete (document.paths['/api/events'] as Partial<SmallDocument['paths']['/api/events']>).post, 'paths › /api/events › post'],
    ['a removed response field', (document) => {
      delete eventSchema(document).properties.capacity;
      eventSchema(document).required = ['id', 'name', 'status'];
    }, 'responses › 200 › content › application/json › schema › properties › capacity'],
    ['a response field no longer always there', (document) => (eventSchema(document).required = ['id', 'name', 'status']), 'schema › required'],
    ['a removed enum value in an answer', (document) => (document.components.schemas.Status.enum = ['planning', 'confirmed']), 'properties › status › enum'],
    ['a removed enum value in a query parameter', (document) => (document.components.schemas.Status.enum = ['planning', 'confirmed']), 'parameters › 0 › schema › enum'],
    ['a renamed enum value', (document) => (document.components.schemas.Status.enum = ['draft', 'confirmed', 'cancelled']), 'status › enum'],
    ['a newly required request field', (document) => createBody(document).required.push('capacity'), 'requestBody › content › application/json › schema › required'],
    ['a new required request field', (document) => {
      createBody(document).properties.timezone = { type: 'string' };
      createBody(document).required.push('timezone');
    }, 'requestBody › content › application/json › schema › required'],
    ['a newly required query parameter', (document) => (document.paths['/api/events'].get.parameters[0] as { required: boolean }).required = true, 'parameters › 0 › required'],
  ])('catches %s', (_name, change, where) => {
    const found = breakingChanges(smallDocument(), changed(change));

    expect(found.map((breaking) => breaking.where).join('\n')).toContain(where);
  });

  it.each<[string, Change]>([
    ['a new path', (document) => ((document.paths as Record<string, unknown>)['/api/health'] = { get: { responses: { '200': { description: 'ok' } } } })],
    ['a new optional request field', (document) => (createBody(document).properties.timezone = { type: 'string' })],
    ['a new response field', (document) => (eventSchema(document).properties.timezone = { type: 'string' })],
    ['a request field no longer required', (document) => (createBody(document).required = [])],
    ['a new description', (document) => ((document.paths['/api/events'].get as Record<string, unknown>).summary = 'Events')],
  ])('lets %s pass', (_name, change) => {
    expect(breakingChanges(smallDocument(), changed(change))).toEqual([]);
  });
});

describe('the version that allows breaking changes', () => {
  it.each([
    ['1.4.2', '2.0.0', true],
    ['1.4.2', '1.5.0', false],
    ['1.4.2', '1.4.3', false],
    ['0.1.0', '0.2.0', true],
    ['0.1.0', '0.1.1', false],
    ['0.1.0', '1.0.0', true],
    ['2.0.0', '1.9.0', false],
  ] as const)('from %s to %s: %s', (released, current, allowed) => {
    expect(allowsBreakingChanges(released, current)).toBe(allowed);
  });

  it('blocks a break under the same version and lets it through under a new major', () => {
    const broken = changed((document) => delete (document.paths as Partial<SmallDocument['paths']>)['/api/events/{id}']);

    expect(releaseBlockers(smallDocument('1.0.0'), broken)).toHaveLength(1);
    expect(releaseBlockers(smallDocument('1.0.0'), { ...broken, info: { ...broken.info, version: '2.0.0' } })).toEqual([]);
  });

  it('blocks a version that goes back', () => {
    expect(releaseBlockers(smallDocument('1.2.0'), smallDocument('1.1.0'))).toEqual(['info.version went back from 1.2.0 to 1.1.0']);
  });
});

describe('the document the API serves', () => {
  it('breaks nothing of the released one (docs/api/openapi.released.json) unless its version says so', () => {
    const blockers = releaseBlockers(readReleasedDocument(), buildOpenApiDocument());

    // On failure: undo the change, or bump API_VERSION (shared/api-contract/openapi-document.ts) and run `npm run api:release`.
    expect(blockers).toEqual([]);
  });
});
