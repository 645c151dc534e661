import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { addToWindow } from '../../shared/data/rate-limits.ts';
import { rsvpRateRule } from '../../shared/domain/rsvp/rate-limit.ts';
import { RequestLimiter } from '../../shared/http/request-limiter.ts';
import { type RecordedCall, recordCalls, touchesRateLimit } from '../support/dynamo-calls.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, codeOf, rsvpApi, rsvpPage } from './guests-fixtures.ts';
import { call, freshIp, login, newRegistration, register, registered } from './auth-fixtures.ts';
import { registrationRateRule } from '../../shared/domain/accounts/registration.ts';

/**
 * Issue 15, goal 2: the public routes' rate limits add no write per request (docs/abuse-limits.md). A
 * well-behaved guest, a registration and a reset request are answered from the container's memory; a flood meets the token bucket; a flood
 * spread over containers meets the shared count, which only batches reach.
 */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const withCode = (code: string, body?: unknown) => ({ headers: { 'invitation-code': code }, ...(body === undefined ? {} : { body }) });

/**
 * The request's own calls, without the update that marks its domain events published (an audit entry's
 * outbox fields): that one belongs to the domain-event publishing, which is leaving the request path.
 */
const ownCalls = (calls: RecordedCall[]) =>
  calls.filter((call) => !(call.command === 'UpdateItem' && call.keys.every((key) => key.includes('|AUDIT#'))));

const shape = (calls: RecordedCall[]) => ownCalls(calls).map((call) => `${call.command} ${call.keys.map((key) => key.split('#')[0]).join(',')}`);

describe('a well-behaved guest', () => {
  it('reads an invitation with 2 calls and answers it with 3, none of them a rate-limit write', async () => {
    const event = await createEvent(ada, { name: 'Calls', event_date: '2031-06-20T17:00:00Z', event_type: 'wedding' });
    const [grace, alan] = await addGuests(ada, event.id, [{ name: 'Grace' }, { name: 'Alan' }]);
    // The first open marks the invitation opened, and the container learns the host's name.
    await rsvpApi('GET', '/api/rsvp', withCode(codeOf(grace)));

    const read = await recordCalls(() => rsvpApi('GET', '/api/rsvp', withCode(codeOf(grace))));
    const answered = await recordCalls(() => rsvpApi('POST', '/api/rsvp', withCode(codeOf(alan), { status: 'yes' })));
    const page = await recordCalls(() => rsvpPage('GET', codeOf(grace)));

    expect(read.result.status).toBe(200);
    expect(shape(read.calls)).toEqual(['GetItem INVCODE', 'BatchGetItem EVENT,EVENT']);
    expect(answered.result.status).toBe(200);
    expect(shape(answered.calls)).toEqual(['GetItem INVCODE', 'BatchGetItem EVENT,EVENT', expect.stringMatching(/^TransactWriteItems /)]);
    expect(page.result.status).toBe(200);
    expect(shape(page.calls)).toEqual(['GetItem INVCODE', 'BatchGetItem EVENT,EVENT']);
    expect([...read.calls, ...answered.calls, ...page.calls].filter(touchesRateLimit)).toEqual([]);
  });

  it('answers the page form with a 303 whose page costs 2 reads, no write', async () => {
    const event = await createEvent(ada, { name: 'Form', event_date: '2031-06-20T17:00:00Z', event_type: 'wedding' });
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace' }]);
    await rsvpPage('GET', codeOf(grace));
    const form = { rawBody: 'status=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } };

    const posted = await recordCalls(() => rsvpPage('POST', codeOf(grace), form));
    const redirected = await recordCalls(() => rsvpPage('GET', codeOf(grace), { query: { answered: '1' } }));

    expect(posted.result.status).toBe(303);
    expect(shape(posted.calls)).toEqual(['GetItem INVCODE', 'BatchGetItem EVENT,EVENT', expect.stringMatching(/^TransactWriteItems /)]);
    expect(redirected.result.status).toBe(200);
    expect(shape(redirected.calls)).toEqual(['GetItem INVCODE', 'BatchGetItem EVENT,EVENT']);
    expect([...posted.calls, ...redirected.calls].filter(touchesRateLimit)).toEqual([]);
  });
});

/** The window counters of a subject in the table (every window). */
async function sharedCounts(scope: string, subject: string): Promise<number[]> {
  const result = await db().send(new QueryCommand({
    TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `RATE#${scope}#${subject}` }, ConsistentRead: true,
  }));
  return (result.Items ?? []).map((item) => Number(item.requests));
}

describe('a flood', () => {
  // One instant for every request: no token comes back during a test, whatever the machine's speed.
  const at = new Date('2026-12-06T12:00:00Z');

  it('from one address is refused from memory past the burst, having written only its batches', async () => {
    const rule = rsvpRateRule(300);
    const limiter = new RequestLimiter();
    const address = '198.51.100.201';

    const decisions = [];
    for (let request = 0; request < 100; request += 1) decisions.push(await limiter.take(rule, address, at));

    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(rule.burst);
    expect(decisions.at(-1)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    // 30 allowed, reported in two batches of 15; the 70 refusals wrote nothing.
    expect(await sharedCounts(rule.scope, address)).toEqual([rule.burst]);
  });

  it('spread over two containers is held by the shared count once the two together pass the limit', async () => {
    // 40 per window with a burst of 40 (each container alone would grant 40), reported in batches of 5.
    const rule = { ...rsvpRateRule(40), burst: 40, flushEvery: 5 };
    const containers = [new RequestLimiter(), new RequestLimiter()];
    const address = '198.51.100.202';

    const decisions = [];
    for (let request = 0; request < 80; request += 1) decisions.push(await (containers[request % 2] as RequestLimiter).take(rule, address, at));
    const allowed = decisions.filter((decision) => decision.allowed).length;

    // Alone, each would have let 40 through (80 in all); together no more than the limit and one batch
    // short of a report per container.
    expect(allowed).toBeGreaterThanOrEqual(rule.perWindow);
    expect(allowed).toBeLessThanOrEqual(rule.perWindow + containers.length * rule.flushEvery);
    expect(decisions.at(-1)).toEqual({ allowed: false, retryAfterSeconds: 600 });
    expect(await sharedCounts(rule.scope, address)).toEqual([expect.any(Number)]);
  });

  it('is held in a fresh container as soon as its first batch learns the others have used the window', async () => {
    const rule = rsvpRateRule(300);
    const address = '198.51.100.203';
    await addToWindow(rule.scope, address, { start: Math.floor(at.getTime() / 1000), end: Math.floor(at.getTime() / 1000) + 600 }, rule.perWindow);
    const fresh = new RequestLimiter();

    const decisions = [];
    for (let request = 0; request < rule.flushEvery + 1; request += 1) decisions.push(await fresh.take(rule, address, at));

    expect(decisions.slice(0, rule.flushEvery - 1).every((decision) => decision.allowed)).toBe(true);
    expect(decisions.slice(rule.flushEvery - 1).every((decision) => !decision.allowed)).toBe(true);
  });
});

describe('registration and the forgotten-password mail', () => {
  it('add no rate-limit call: one registration, one reset request, from one address each', async () => {
    const registration = await recordCalls(() => register(newRegistration(), freshIp()));
    const forgot = await recordCalls(() => call('POST', '/api/auth/password/forgot', { body: { email: `nobody.${freshIp()}@example.com` }, sourceIp: freshIp() }));

    expect(registration.result.status).toBe(201);
    expect(forgot.result.status).toBe(202);
    // Before: an UpdateItem of RATE#register-ip, and two of RATE#forgot-address and RATE#forgot-source.
    expect([...registration.calls, ...forgot.calls].filter(touchesRateLimit)).toEqual([]);
    // The reset request's only call is the queued account mail.
    expect(forgot.calls.map((call) => call.command)).toEqual(['TransactWriteItems']);
  });

  it('report an address to the shared count only every half allowance, and never on its first request', async () => {
    const rule = registrationRateRule(10);
    const limiter = new RequestLimiter();
    const address = '198.51.100.204';
    const at = new Date('2026-12-06T12:00:00Z');

    const decisions = [];
    for (let request = 0; request < 11; request += 1) decisions.push(await limiter.take(rule, address, at));

    expect(rule).toMatchObject({ burst: 10, flushEvery: 5 });
    expect(decisions.slice(0, 10).every((decision) => decision.allowed)).toBe(true);
    // The hour's allowance used at once: the next one in 6 minutes (3,600 s / 10).
    expect(decisions[10]).toEqual({ allowed: false, retryAfterSeconds: 360 });
    // Ten allowed, reported in two batches of five into the one hour window; the refusal wrote nothing.
    expect(await sharedCounts(rule.scope, address)).toEqual([10]);
  });
});

describe('a successful sign-in', () => {
  const families = (calls: RecordedCall[]) => calls.map((call) => `${call.command} ${call.keys.map((key) => key.replace(/#[^|]*\|/, '|').replace(/#.*$/, '')).join(',')}`);

  it('makes 3 calls besides the password hash: no throttle write of its own, the cap kept without a Query', async () => {
    const { registration } = await registered();
    const address = freshIp();
    // Registration's session is not on the roster yet: the first sign-in recounts (a Query) and writes it.
    const first = await recordCalls(() => login({ login: registration.username, password: registration.password }, address));

    const signedIn = await recordCalls(() => login({ login: registration.username, password: registration.password }, address));
    const byEmail = await recordCalls(() => login({ login: registration.email.toUpperCase(), password: registration.password }, freshIp()));

    expect(families(first.calls).map((call) => call.split(' ')[0])).toEqual(['GetItem', 'BatchGetItem', 'Query', 'TransactWriteItems']);
    expect(signedIn.result.status).toBe(200);
    expect(byEmail.result.status).toBe(200);
    // The claim; the pair, both windows, the known address, the user, its second factor and session roster;
    // the session with the throttle's conditions, the address remembered and the roster.
    expect(families(signedIn.calls)).toEqual([
      'GetItem USERNAME|CLAIM',
      'BatchGetItem RATE|STATE,RATE|WINDOW,RATE|WINDOW,USER|LOGINSOURCE,USER|USER,USER|MFA,USER|SESSIONROSTER',
      'TransactWriteItems SESSION|SESSION,USER|SESSION,USER|USER,RATE|STATE,RATE|WINDOW,USER|LOGINSOURCE,USER|SESSIONROSTER',
    ]);
    // From an address it never signed in from, the account-wide window is checked too.
    expect(families(byEmail.calls)).toHaveLength(3);
    expect(families(byEmail.calls)[2]).toBe('TransactWriteItems SESSION|SESSION,USER|SESSION,USER|USER,RATE|STATE,RATE|WINDOW,RATE|WINDOW,USER|LOGINSOURCE,USER|SESSIONROSTER');
    expect(byEmail.calls[0]?.keys).toEqual([`EMAIL#${registration.email.toLowerCase()}|CLAIM`]);
  });
});
