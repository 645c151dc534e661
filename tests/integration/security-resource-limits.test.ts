import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../shared/http/middleware/json-body.ts';
import { routeKey, type RouteDefinition, routes } from '../../shared/routes.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { deeplyNested } from './fuzz-generators.ts';
import { send, validRequest } from './security-fixtures.ts';
import { call } from './timeline-fixtures.ts';
import { recordCalls, writtenKeys } from '../support/dynamo-calls.ts';
import { seedWorld, snapshotDifference, tableSnapshot, type World } from './world-fixtures.ts';

/**
 * OWASP API4:2023 Unrestricted Resource Consumption, the size half: every paginated list caps `limit` at
 * 100 (400 above, per CONVENTIONS), every body over the limit is a 413 before it is parsed, bulk arrays
 * have a ceiling, and deep nesting is a 400 — none of them a 5xx, none of them writing anything.
 */
let world: World;
let newcomer: SignedInUser;

beforeAll(async () => {
  [world, newcomer] = await Promise.all([seedWorld(), signedInUser()]);
}, 120_000);

const asCaller = (route: RouteDefinition) => (route.access === 'public' ? null : world.owner);

/** Routes whose valid request has a body (JSON, form or CSV); the others ignore what they are sent. */
const bodyRoutes = () =>
  routes.filter((route) => {
    const request = validRequest({ eventId: 'e', ids: {}, owner: {}, member: {}, teamMemberId: 't', code: 'c', batchId: 'b' } as unknown as World, route, { userId: 'u' } as SignedInUser);
    return request.body !== undefined || request.rawBody !== undefined;
  });

describe('page sizes', () => {
  const lists = routes.filter((route) => route.method === 'GET' && route.access === 'protected');

  it('caps `limit` at 100 on every paged list (400 above, below 1 or not a number); unpaged lists answer whole', async () => {
    const paged: string[] = [];
    const problems: string[] = [];
    for (const route of lists) {
      const { path } = validRequest(world, route, newcomer);
      const [zero, over, word, max, cursor] = await Promise.all([
        call(world.owner, 'GET', path, { query: { limit: '0' } }),
        call(world.owner, 'GET', path, { query: { limit: '101' } }),
        call(world.owner, 'GET', path, { query: { limit: 'lots' } }),
        call(world.owner, 'GET', path, { query: { limit: '100' } }),
        call(world.owner, 'GET', path, { query: { cursor: 'A'.repeat(5_000) } }),
      ]);
      // A list that validates `limit` is paged; the others (the timeline's critical path needs every item) say so with a null cursor.
      if (zero.status !== 400) {
        if (max.body?.meta && 'next_cursor' in max.body.meta && max.body.meta.next_cursor !== null) problems.push(`${routeKey(route)} ignores limit but pages`);
        continue;
      }
      paged.push(routeKey(route));
      const outcome = [zero, over, word, max, cursor].map((answer) => `${answer.status} ${answer.body?.code ?? ''}`.trim());
      const expected = ['400 validation_error', '400 validation_error', '400 validation_error', '200', '400 validation_error'];
      if (JSON.stringify(outcome) !== JSON.stringify(expected) || max.body.data.length > 100) problems.push(`${routeKey(route)}: ${outcome.join(', ')}`);
    }

    expect(paged.length).toBeGreaterThanOrEqual(5);
    expect(problems).toEqual([]);
  });

  it("answers a tampered cursor of every paged list with 400 (or an ordinary page), never 500 and never another event's items", async () => {
    const other = await seedWorld();
    // Enough children that every paged list has a second page.
    for (const index of [1, 2]) {
      await call(world.owner, 'POST', `/api/events/${world.eventId}/guests`, { body: { name: `Paged ${index}` } });
      await call(world.owner, 'POST', `/api/events/${world.eventId}/vendors`, { body: { name: `Paged ${index}`, service_type: 'Florist' } });
      await call(world.owner, 'POST', '/api/events', { body: { name: `Paged ${index}`, event_date: '2027-01-01' } });
    }
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const outcomes: string[] = [];
    for (const route of lists) {
      const { path } = validRequest(world, route, newcomer);
      const first = await call(world.owner, 'GET', path, { query: { limit: '1' } });
      const cursor = first.body?.meta?.next_cursor;
      if (typeof cursor !== 'string') continue;
      const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
      const names = Object.keys(key);
      const last = names[names.length - 1] as string;
      const tampered = {
        'an extra attribute': { ...key, extra: 'x' },
        'a missing attribute': Object.fromEntries(names.slice(0, -1).map((name) => [name, key[name]])),
        'a number for a string': { ...key, [last]: 5 },
        "another event's partition": JSON.parse(JSON.stringify(key).replaceAll(world.eventId, other.eventId)),
        'a sort key outside the list': { ...key, ...(typeof key.sk === 'string' ? { sk: 'ZZZZ' } : {}) },
        'an empty object': {},
      };
      for (const [how, value] of Object.entries(tampered)) {
        const answer = await call(world.owner, 'GET', path, { query: { cursor: encode(value) } });
        const leaked = JSON.stringify(answer.body ?? '').includes(other.eventId);
        if (answer.status >= 500 || (answer.status !== 400 && answer.status !== 200) || leaked) outcomes.push(`${routeKey(route)} with ${how}: ${answer.status}${leaked ? ' (leaked)' : ''}`);
      }
    }

    expect(outcomes).toEqual([]);
  }, 60_000);

  it('refuses a cursor that is not one the API issued as 400', async () => {
    const garbage = ['not-base64!', Buffer.from('[1,2,3]').toString('base64url'), '%00', Buffer.from('{"pk":{"S":"x"}}').toString('base64url')];

    const answers = await Promise.all(garbage.map((cursor) => call(world.owner, 'GET', `/api/events/${world.eventId}/activity`, { query: { cursor } })));

    expect(answers.map((answer) => answer.status)).toEqual(garbage.map(() => 400));
  });
});

describe('body sizes', () => {
  it.each(bodyRoutes().map((route) => [routeKey(route), route] as const))('%s answers 413 to a body over the limit, writing nothing', async (_key, route) => {
    const request = validRequest(world, route, newcomer);
    const padding = 'x'.repeat(MAX_BODY_BYTES);
    const oversized = request.rawBody !== undefined
      ? { ...request, rawBody: `${request.rawBody}${padding}` }
      : { ...request, body: { ...(request.body as Record<string, unknown>), padding } };

    // What it wrote is read from the DynamoDB calls it made (tests/support/dynamo-calls.ts), not from two whole-table scans.
    const { result: response, calls } = await recordCalls(() => send(asCaller(route), route, oversized));

    expect(response.status, JSON.stringify(response.body)).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
    expect(writtenKeys(calls)).toEqual([]);
  });

  it('answers 413 to an oversized binary body too (base64-encoded by API Gateway)', async () => {
    const response = await call(world.owner, 'POST', '/api/events', { rawBody: 'x'.repeat(MAX_BODY_BYTES + 10), headers: { 'content-type': 'application/octet-stream' } });

    expect(response.status).toBe(413);
  });

  it.each([
    [1_000, 'object'],
    [10_000, 'array'],
  ] as const)('answers 400 to a field nested %i levels deep (%s) on every JSON route, writing nothing', async (depth, kind) => {
    const jsonRoutes = bodyRoutes().filter((route) => validRequest(world, route, newcomer).body !== undefined);
    const nestedBody = (route: RouteDefinition) => {
      const valid = validRequest(world, route, newcomer).body as Record<string, unknown>;
      const field = Object.keys(valid)[0] as string;
      return JSON.stringify({ ...valid, [field]: '__nested__' }).replace('"__nested__"', deeplyNested(depth, kind));
    };
    const before = await tableSnapshot();

    const answers = await Promise.all(
      jsonRoutes.map((route) => send(asCaller(route), route, { ...validRequest(world, route, newcomer), body: undefined, rawBody: nestedBody(route), headers: { 'content-type': 'application/json' } })),
    );

    expect(Object.fromEntries(answers.map((answer, index) => [routeKey(jsonRoutes[index] as RouteDefinition), answer.status]))).toEqual(
      Object.fromEntries(jsonRoutes.map((route) => [routeKey(route), 400])),
    );
    expect(snapshotDifference(before, await tableSnapshot())).toEqual([]);
  });
});

describe('nesting', () => {
  it('refuses a body nested 10,000 deep with 400 on a POST with an Idempotency-Key (it was a 500: the key fingerprint overflowed the stack)', async () => {
    const before = await tableSnapshot();

    const response = await call(world.owner, 'POST', `/api/events/${world.eventId}/documents`, {
      rawBody: deeplyNested(10_000, 'object'),
      headers: { 'idempotency-key': 'deep-nesting-0001' },
    });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('nesting_too_deep');
    expect(snapshotDifference(before, await tableSnapshot())).toEqual([]);
  });
});

describe('bulk arrays', () => {
  it('refuses 1,001 guests in one request, 10,001 invitation guest ids and a 10,001-row CSV, writing nothing', async () => {
    const events = `/api/events/${world.eventId}`;
    const before = await tableSnapshot();
    const guests = Array.from({ length: 1_001 }, (_, index) => ({ name: `Guest ${index}` }));
    const csv = `Name\n${Array.from({ length: 10_001 }, (_, index) => `Row ${index}`).join('\n')}\n`;

    const [tooManyGuests, tooManyIds, tooManyRows] = await Promise.all([
      call(world.owner, 'POST', `${events}/guests`, { body: { guest_list: guests } }),
      call(world.owner, 'POST', `${events}/invitations`, { body: { guest_ids: Array.from({ length: 10_001 }, (_, index) => `g${index}`) } }),
      call(world.owner, 'POST', `${events}/guests/import`, { rawBody: csv, headers: { 'content-type': 'text/csv' } }),
    ]);

    expect([tooManyGuests.status, tooManyIds.status, tooManyRows.status]).toEqual([400, 400, 400]);
    expect(tooManyGuests.body.errors.map((problem: { path: string }) => problem.path)).toContain('guest_list');
    expect(snapshotDifference(before, await tableSnapshot())).toEqual([]);
  });

  it('refuses a body of 40,000 unknown fields with a bounded list of them, storing nothing', async () => {
    const body = { name: 'Wide body', event_date: '2027-06-20T18:00:00Z', ...Object.fromEntries(Array.from({ length: 40_000 }, (_, index) => [`field_${index}`, index])) };
    const before = await tableSnapshot();

    const response = await call(world.owner, 'POST', '/api/events', { body });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_error');
    expect(response.body.detail).toContain('40000 problems; the first 100 are listed');
    expect(response.body.errors).toHaveLength(100);
    expect(response.body.errors[0]).toMatchObject({ path: 'field_0' });
    expect(snapshotDifference(before, await tableSnapshot())).toEqual([]);
  });

  it('answers a path id far over the id length with 400 or 404, never 5xx', async () => {
    const answers = await Promise.all(
      routes.filter((route) => route.access === 'protected' && route.path.includes('{id}')).map((route) =>
        send(world.owner, route, { ...validRequest(world, route, newcomer), path: route.path.replace(/\{\w+\}/g, 'i'.repeat(5_000)) }),
      ),
    );

    expect(answers.filter((answer) => answer.status !== 400 && answer.status !== 404).map((answer) => answer.status)).toEqual([]);
  });
});
