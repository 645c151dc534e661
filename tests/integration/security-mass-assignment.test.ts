import { beforeAll, describe, expect, it } from 'vitest';
import { answeredFields } from '../../shared/http/body/answered-fields.ts';
import { routeKey, type RouteDefinition, routes } from '../../shared/routes.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { send, validRequest } from './security-fixtures.ts';
import { itemsAt, recordCalls, writtenKeys } from '../support/dynamo-calls.ts';
import { seedWorld, type World, worldNeeds } from './world-fixtures.ts';

/**
 * OWASP API3:2023 Broken Object Property Level Authorization (mass assignment). Every route that takes a
 * JSON body is sent its valid body plus every read-only field it answers with a forged value (ids, owners,
 * versions, timestamps, counters, codes, derived statuses): the request succeeds and neither the answer
 * nor any item it wrote holds a forged value. The forged fields it does not answer (internal keys, other
 * resources' fields) are unknown to it: a 400 naming each, and nothing written. Each route gets its own
 * world with only the children its request names (its two tests share it: the refusal writes nothing), and what a request wrote is read from the
 * DynamoDB calls it made (tests/support/dynamo-calls.ts), so other routes' writes meanwhile cannot mask it.
 * (A table snapshot before and after each request read every world of the file twice per test: the file
 * took two CPU-minutes.)
 */
let attacker: SignedInUser;
let newcomer: SignedInUser;

beforeAll(async () => {
  [attacker, newcomer] = await Promise.all([signedInUser(), signedInUser()]);
});

const FORGED_NUMBER = 987654;
const FORGED_TIME = '1999-01-01T00:00:00Z';

/** Read-only fields of every resource: server-assigned ids and owners, timestamps, counters, codes, derived state. */
const forgedFields = (attackerId: string): Record<string, unknown> => ({
  id: 'forged-id', event_id: 'forged-event', organizer_id: attackerId, owner_id: attackerId, user_id: attackerId,
  uploaded_by: attackerId, created_by: attackerId, invited_by: attackerId, actor_id: attackerId, guest_id: 'forged-guest',
  version: FORGED_NUMBER, created_at: FORGED_TIME, updated_at: FORGED_TIME, deleted_at: FORGED_TIME, opened_at: FORGED_TIME,
  responded_at: FORGED_TIME, completed_at: FORGED_TIME, joined_at: FORGED_TIME, invited_at: FORGED_TIME, sent_at: FORGED_TIME,
  guest_data_purged_at: FORGED_TIME,
  guest_count: FORGED_NUMBER, rsvp_yes: FORGED_NUMBER, rsvp_no: FORGED_NUMBER, rsvp_maybe: FORGED_NUMBER, rsvp_pending: FORGED_NUMBER,
  rsvp_waitlisted: FORGED_NUMBER, attending_headcount: FORGED_NUMBER, timeline_total: FORGED_NUMBER, timeline_done: FORGED_NUMBER,
  budget_item_count: FORGED_NUMBER, budget_paid_minor: FORGED_NUMBER, budget_actual_minor: FORGED_NUMBER, budget_estimated_minor: FORGED_NUMBER,
  budget_committed_minor: FORGED_NUMBER, events_created: FORGED_NUMBER, recipient_count: FORGED_NUMBER, sent_count: FORGED_NUMBER,
  failed_count: FORGED_NUMBER, current_version: FORGED_NUMBER, version_count: FORGED_NUMBER, paid_total: FORGED_NUMBER, unread_count: FORGED_NUMBER,
  invitation_code: 'forged-code', code_hash: 'forged-hash', rsvp_url: 'https://forged.example.com', password_hash: 'forged-hash',
  refresh_hash: 'forged-hash', is_admin: 'forged-admin', storage_key: 'forged-key', s3_key: 'forged-key', pk: 'forged-pk', sk: 'forged-sk',
  ttl: FORGED_NUMBER, domain_events: 'forged-events', rsvp_status: 'forged-status', role: 'forged-role', delivery_status: 'forged-status',
});

/**
 * Fields that are inputs on some routes by the conventions: `version` on a PUT is the expected version
 * (a stale one is a 409), `rsvp_status` the alias of an answer's `status`. (`type`, the input alias of
 * `event_type`, is left out of the forged fields altogether.)
 */
const inputsOf = (route: RouteDefinition, valid: Record<string, unknown>) => [
  ...(route.method === 'PUT' ? ['version'] : []),
  ...('status' in valid ? ['rsvp_status'] : []),
];

/** The values that must never come back: any forged string, the attacker's id, the forged number and time. */
const leaks = (text: string, attackerId: string) =>
  ['forged', attackerId, String(FORGED_NUMBER), FORGED_TIME.slice(0, 10)].filter((marker) => text.includes(marker));

/**
 * Routes whose valid call needs a secret the world does not hold, so their fixture bodies are refusals:
 * sign-in (wrong credentials, an unknown challenge), the password change and reset (a password, a mailed
 * token), the email verification and change (an unknown token, a wrong password), the second factor's
 * routes (a password, a code), sign out everywhere (a password) and the team's second-factor requirement
 * (the owner's own second factor).
 * They store nothing a body could set.
 */
const signIn = [
  'POST /api/auth/login', 'POST /api/auth/login/mfa', 'POST /api/auth/refresh', 'PUT /api/auth/password', 'POST /api/auth/password/reset', 'POST /api/auth/email/verify', 'PUT /api/auth/email',
  'POST /api/auth/mfa/totp', 'POST /api/auth/mfa/totp/confirm', 'POST /api/auth/mfa/disable', 'POST /api/auth/mfa/recovery-codes', 'POST /api/auth/sessions/revoke-all',
  'PUT /api/events/{id}/team/mfa-requirement',
];

/**
 * Routes whose valid call in the world changes nothing (tests/integration/security-fixtures.ts: the world's
 * seated guest asked into the seat they hold): their answer is checked, and that they wrote nothing.
 */
const unchangedInTheWorld = ['PUT /api/tables/{id}/seats/{seat}', 'POST /api/events/{id}/seating/proposal/accept'];

const jsonWriteRoutes = (world: World, someone: SignedInUser): RouteDefinition[] =>
  routes.filter((route) => {
    if (route.method === 'GET' || route.method === 'DELETE' || signIn.includes(routeKey(route))) return false;
    const body = validRequest(world, route, someone).body;
    return typeof body === 'object' && body !== null && !Array.isArray(body);
  });

/** The forged fields a route answers (ignored on input) or does not (refused as unknown). */
const forgedFor = (route: RouteDefinition, valid: Record<string, unknown>, answered: boolean) => {
  const answers = new Set(answeredFields[routeKey(route)] ?? []);
  return Object.fromEntries(Object.entries(forgedFields(attacker.userId)).filter(([field]) =>
    !(field in valid) && !inputsOf(route, valid).includes(field) && answers.has(field) === answered));
};

describe('mass assignment of read-only fields (API3)', () => {
  // Built lazily: the table is what the routes are listed from, and a world is needed to know the bodies.
  const placeholder = { eventId: 'e', ids: {}, owner: {}, member: {}, teamMemberId: 't', code: 'c', batchId: 'b' } as unknown as World;
  const covered = jsonWriteRoutes(placeholder, { userId: 'u' } as SignedInUser);
  const worlds = new Map<string, Promise<World>>();
  const worldFor = (route: RouteDefinition) => {
    if (!worlds.has(routeKey(route))) worlds.set(routeKey(route), seedWorld(undefined, worldNeeds((world) => validRequest(world, route, newcomer))));
    return worlds.get(routeKey(route)) as Promise<World>;
  };

  it('covers every route with a JSON body', () => {
    expect(covered.length).toBeGreaterThan(15);
  });

  it.concurrent.each(covered.map((route) => [routeKey(route), route] as const))('%s ignores every read-only field it is sent', async (_key, route) => {
    const world = await worldFor(route);
    const request = validRequest(world, route, newcomer);
    const valid = request.body as Record<string, unknown>;
    const forged = forgedFor(route, valid, true);

    const { result: response, calls } = await recordCalls(() => send(route.access === 'public' ? null : world.owner, route, { ...request, body: { ...forged, ...valid } }));

    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    const written = writtenKeys(calls);
    expect(written.length > 0, 'the request wrote something').toBe(!unchangedInTheWorld.includes(routeKey(route)));
    const writtenItems = [...(await itemsAt(written)).values()].map((item) => JSON.stringify(item)).join('\n');
    expect(leaks(JSON.stringify(response.body), attacker.userId), 'in the answer').toEqual([]);
    expect(leaks(writtenItems, attacker.userId), `in the items written: ${written.join(', ')}`).toEqual([]);
  }, 60_000);

  it.concurrent.each(covered.map((route) => [routeKey(route), route] as const))('%s refuses the forged fields it does not answer, naming each, writing nothing', async (_key, route) => {
    const world = await worldFor(route);
    const request = validRequest(world, route, newcomer);
    const valid = request.body as Record<string, unknown>;
    const forged = forgedFor(route, valid, false);

    const { result: response, calls } = await recordCalls(() => send(route.access === 'public' ? null : world.owner, route, { ...request, body: { ...forged, ...valid } }));

    expect(response.status, JSON.stringify(response.body)).toBe(400);
    // A one-guest body is read as guest_list entry 0, and its problems are named so (as its field problems are).
    const named = ((response.body as { errors?: { path: string }[] }).errors ?? []).map((problem) => problem.path.replace(/^guest_list\.0\./, '')).sort();
    expect(named).toEqual(Object.keys(forged).sort());
    expect(writtenKeys(calls)).toEqual([]);
  }, 60_000);
});
