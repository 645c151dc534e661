import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey, type RouteDefinition, routes } from '../../shared/routes.ts';
import { recordCalls, writtenKeys } from '../support/dynamo-calls.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import { signedInUser, type SignedInUser, startSession } from '../support/signed-in-user.ts';
import { contentType, fakeId, jsonBody, oddHeaders, oddValue, rawBody, rawQuery, schemaFieldNames } from './fuzz-generators.ts';
import { validBodies } from './security-fixtures.ts';
import { loadHandler } from '../../infra/local/function-entries.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { allIds, pathWith, realIdFor, seedWorld, type World, worldIntact, worldSnapshot } from './world-fixtures.ts';

/**
 * Property-based fuzzing of every route of the table through its real handler, against DynamoDB Local:
 * generated path ids (real, another organizer's, random, traversal-ish), bodies, raw bodies, content
 * types, query strings, headers and credentials. Whatever arrives: never a 5xx; every 4xx of the API a
 * problem document; and a refused request writes nothing (the writes it made, recorded from its DynamoDB
 * calls, less the rate-limit and idempotency bookkeeping a refusal may write). Reproducible: FUZZ_RUNS batches (default
 * 60, `npm run test:long` runs 1,500) from FUZZ_SEED (a fixed default), so every run sends the same cases
 * and a failure prints the seed that replays it exactly: `FUZZ_SEED=<seed> npx vitest run <this file>`.
 */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261204);

type Handler = Parameters<typeof invoke>[0];

let world: World;
let stranger: World;
let fieldNames: string[];
let newcomer: SignedInUser;

beforeAll(async () => {
  // A 5xx logs its cause at `error`: shown here, so a failure says what broke, not only where.
  process.env.LOG_LEVEL = 'error';
  resetConfigForTests();
  const owner = await signedInUser();
  [world, stranger, fieldNames, newcomer] = await Promise.all([seedWorld(owner), seedWorld(), schemaFieldNames(), signedInUser()]);
}, 120_000);

type IdPlan = { kind: 'real'; roll: number } | { kind: 'any-real'; index: number } | { kind: 'fake'; value: string };
/** `mutant`: the route's valid body (security-fixtures) with some fields set to odd values or removed. */
type Mutation = { field: string | null; pick: number; value: unknown; remove: boolean };
type BodyPlan = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'mutant'; mutations: Mutation[] };
type CredentialPlan = 'owner' | 'stranger' | 'none' | 'garbage';
type Case = {
  route: RouteDefinition;
  id: IdPlan;
  body: BodyPlan;
  contentType: string | undefined;
  query: string;
  headers: Record<string, string>;
  credentials: CredentialPlan;
  /** One of a few addresses: the public routes' per-address limits stay reachable but are not hit at once. */
  sourceHost: number;
};

const caseArbitrary = (names: string[]): fc.Arbitrary<Case> =>
  fc.record({
    route: fc.constantFrom(...routes),
    id: fc.oneof(
      { weight: 4, arbitrary: fc.nat(9).map((roll): IdPlan => ({ kind: 'real', roll })) },
      { weight: 2, arbitrary: fc.nat().map((index): IdPlan => ({ kind: 'any-real', index })) },
      { weight: 3, arbitrary: fakeId.map((value): IdPlan => ({ kind: 'fake', value })) },
    ),
    body: fc.oneof(
      { weight: 1, arbitrary: fc.constant<BodyPlan>({ kind: 'none' }) },
      { weight: 6, arbitrary: jsonBody(names).map((value): BodyPlan => ({ kind: 'json', value })) },
      { weight: 2, arbitrary: rawBody(names).map((text): BodyPlan => ({ kind: 'raw', text })) },
      {
        weight: 6,
        arbitrary: fc
          .array(fc.record({ field: fc.option(fc.constantFrom(...names), { freq: 3 }), pick: fc.nat(), value: oddValue, remove: fc.nat(5).map((roll) => roll === 0) }), { minLength: 1, maxLength: 3 })
          .map((mutations): BodyPlan => ({ kind: 'mutant', mutations })),
      },
    ),
    contentType,
    query: rawQuery(names),
    headers: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: oddHeaders }),
    credentials: fc.oneof(
      { weight: 12, arbitrary: fc.constant<CredentialPlan>('owner') },
      { weight: 1, arbitrary: fc.constantFrom<CredentialPlan>('stranger', 'none', 'garbage') },
    ),
    sourceHost: fc.integer({ min: 1, max: 20 }),
  });

/**
 * A DELETE with a real id and a valid token succeeds, and the world must be rebuilt (seconds): there is
 * nothing in its body to fuzz, so it gets the world's own ids one time in ten (the stranger's otherwise).
 */
function idFor(request: Case, parameter: string): string {
  const { id: plan, route } = request;
  const spare = route.method === 'DELETE' && request.credentials === 'owner' && !(plan.kind === 'real' && plan.roll === 0);
  if (plan.kind === 'real') return realIdFor(spare ? stranger : world, route, parameter);
  if (plan.kind === 'fake') return plan.value;
  const ids = spare ? allIds(stranger) : [...allIds(world), ...allIds(stranger)];
  return ids[plan.index % ids.length] as string;
}

function tokenFor(plan: CredentialPlan): string | undefined {
  if (plan === 'owner') return world.owner.token;
  if (plan === 'stranger') return stranger.owner.token;
  if (plan === 'garbage') return 'eyJhbGciOiJub25lIn0.e30.';
  return undefined;
}

/** The case as JSON, long strings cut to their start and length so a failure stays readable. */
const describeCase = (request: Case) =>
  `${routeKey(request.route)} ${JSON.stringify({ ...request, route: undefined }, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 120 ? `${value.slice(0, 60)}…(${value.length} chars)` : value)}`;

/** Several cases run at once (DynamoDB Local answers them in parallel); one snapshot checks them together. */
const BATCH = 12;

/** The route's valid body with the mutations applied (a field of the body itself, or any known field). */
function mutantBody(request: Case, mutations: Mutation[]): unknown {
  const base = validBodies[routeKey(request.route)]?.(world, { newcomer }).body;
  const body: Record<string, unknown> = typeof base === 'object' && base !== null ? { ...(base as Record<string, unknown>) } : {};
  for (const mutation of mutations) {
    const own = Object.keys(body);
    const field = mutation.field ?? own[mutation.pick % Math.max(own.length, 1)] ?? 'name';
    if (mutation.remove) delete body[field];
    else body[field] = mutation.value;
  }
  return body;
}

async function send(request: Case) {
  const { route } = request;
  const handler = await loadHandler<Handler>(route.group);
  const path = pathWith(route, (parameter) => idFor(request, parameter));
  const event = makeHttpEvent({
    method: route.method,
    path,
    ...(request.body.kind === 'json' ? { body: request.body.value } : {}),
    ...(request.body.kind === 'mutant' ? { body: mutantBody(request, request.body.mutations) } : {}),
    ...(request.body.kind === 'raw' ? { rawBody: request.body.text } : {}),
    rawQuery: request.query,
    headers: { 'content-type': request.body.kind === 'none' ? undefined : request.contentType, ...request.headers },
    token: tokenFor(request.credentials),
    sourceIp: `198.51.100.${request.sourceHost}`,
  });
  return invoke(handler, event);
}

/** Every 4xx of the API is a problem document; the guest's HTML pages answer with a page instead. */
function expectProblemDocument(request: Case, response: Awaited<ReturnType<typeof invoke>>) {
  const isPage = !request.route.path.startsWith('/api/') && /text\/html/.test(response.headers['Content-Type'] ?? '');
  if (isPage) return;
  expect(response.headers['Content-Type'], describeCase(request)).toBe('application/problem+json');
  expect(response.body, describeCase(request)).toMatchObject({ type: expect.any(String), title: expect.any(String), status: response.status, code: expect.any(String) });
}

/**
 * What a fuzzed success may have undone in the world: a deleted event or child, a transferred event, a
 * logged-out session. Rebuilt under the same owner (new ids), with a fresh session.
 */
async function keepWorldUsable(batch: Case[], statuses: number[], after: Map<string, string>): Promise<boolean> {
  let changed = false;
  const loggedOut = batch.some((request, index) => (request.route.operation === 'logout' || request.route.operation === 'revokeAllSessions') && request.credentials === 'owner' && (statuses[index] as number) < 300);
  if (loggedOut) {
    Object.assign(world.owner, await startSession(world.owner.userId, world.owner.username));
    changed = true;
  }
  if (!worldIntact(world, after)) {
    world = await seedWorld(world.owner as SignedInUser);
    changed = true;
  }
  return changed;
}

describe('fuzzing every route of the table', () => {
  it(`answers generated requests without a 5xx, with problem documents, writing nothing when refusing (${FUZZ_RUNS} batches, seed ${FUZZ_SEED})`, async () => {
    expect(worldIntact(world, await worldSnapshot(world)), 'the world is whole in its own collection').toBe(true);
    const tally = { cases: 0, refused: 0, checkedUnchanged: 0, rebuilds: 0 };
    const statuses = new Map<number, number>();

    const checkBatch = async (batch: Case[]) => {
      // What each request wrote is read from the DynamoDB calls it made (tests/support/dynamo-calls.ts):
      // a whole-table snapshot per batch read every world the run had built, 1,500 times in the long run.
      const recorded = await Promise.all(batch.map((request) => recordCalls(() => send(request))));
      const responses = recorded.map(({ result }) => result);
      tally.cases += batch.length;
      for (const [index, response] of responses.entries()) {
        const request = batch[index] as Case;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, describeCase(request)).toBeLessThan(500);
        if (response.status >= 400) {
          tally.refused += 1;
          expectProblemDocument(request, response);
        }
      }

      // Refusals and reads write nothing (but the rate-limit and idempotency bookkeeping and the
      // caller's notifications); a batch with an accepted write is checked for the world it may have undone.
      const wrote = batch.some((request, index) => request.route.method !== 'GET' && (responses[index]?.status as number) < 400);
      if (!wrote) {
        const written = recorded.flatMap(({ calls }) => writtenKeys(calls)).filter((key) => !key.includes('|NOTIFICATION#'));
        expect(written, batch.map(describeCase).join('\n')).toEqual([]);
        tally.checkedUnchanged += batch.length;
      }
      if (wrote && (await keepWorldUsable(batch, responses.map((response) => response.status), await worldSnapshot(world)))) {
        tally.rebuilds += 1;
        if (process.env.FUZZ_DEBUG) console.log('rebuilt after', batch.filter((request, index) => request.route.method !== 'GET' && (responses[index]?.status as number) < 400).map(describeCase));
      }
    };
    const property = fc.asyncProperty(fc.array(caseArbitrary(fieldNames), { minLength: 1, maxLength: BATCH }), async (batch) => {
      await checkBatch(batch);
    });

    const started = Date.now();
    const result = await fc.check(property, {
      numRuns: FUZZ_RUNS,
      seed: FUZZ_SEED,
      // The table is state: a shrunk replay runs against a different world, so the first failure is the one shown.
      endOnFailure: true,
    });
    if (result.failed) {
      throw new Error(`fuzz failed (replay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS}) after ${result.numRuns} batches:\n${fc.defaultReportMessage(result) ?? ''}`, { cause: result.errorInstance });
    }

    const byStatus = JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)));
    console.log(
      `fuzz: ${tally.cases} cases over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s; ${tally.refused} refused; ` +
        `${tally.checkedUnchanged} checked to leave the table unchanged; ${tally.rebuilds} world rebuilds; statuses ${byStatus}`,
    );
    // Every batch ran: the same seed sends the same cases, so the count is the seed's own (1 to BATCH each).
    expect(tally.cases).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(result.numRuns).toBe(FUZZ_RUNS);
  }, 120_000 + FUZZ_RUNS * 2_000);
});
