import { expectStatus, invitationCodeHeader, rsvpPageCookie } from '../api.ts';
import type { BenchScenario } from '../scenario.ts';

/**
 * Issue 15, goal 2: what a well-behaved guest, a sign-in, a registration and a reset request cost, with a
 * budget of DynamoDB calls each (the API's own, without the event consumers'): the rate limits add no call
 * (docs/abuse-limits.md), a successful sign-in makes 3 besides scrypt (docs/accounts.md). Each guest is
 * another one of the event, each first opened once before, as a guest who reads the invitation before answering.
 */
const SAMPLES = 30;
const REGISTRATIONS = 5;
/** The bench's one source address may ask for 20 resets in 15 minutes; the enumeration scenario takes 18. */
const RESET_REQUESTS = 2;
const password = 'correct horse battery staple';

export const publicCallsScenario: BenchScenario = {
  name: 'public',
  run: async (context) => {
    const { api, measureEndpoint } = context;
    const { token, username } = await context.signUp();
    const event = await api('POST', '/api/events', { token, body: { name: 'Bench garden party', event_date: '2031-06-20T18:00:00Z', event_type: 'party' } });
    const guestList = Array.from({ length: SAMPLES * 2 }, (_, index) => ({ name: `Guest ${index}` }));
    const added = await api('POST', `/api/events/${event.body.data.id}/guests`, { token, body: { guest_list: guestList } });
    const codes = (added.body.data as { invitation_code: string }[]).map((guest) => guest.invitation_code);
    for (const code of codes) await expectStatus(200, api('GET', '/api/rsvp', { headers: invitationCodeHeader(code) }));
    const form = (code: string, status: string) => ({ headers: { ...rsvpPageCookie(code), 'content-type': 'application/x-www-form-urlencoded' }, rawBody: `status=${status}` });
    // The first sign-in after registering writes the session roster (a recount); the rows measure the next ones.
    await expectStatus(200, api('POST', '/api/auth/login', { body: { username, password } }));
    // After the note: no raw ratio, no page budget, then the call budget.
    const budget = (calls: number) => [undefined, undefined, calls] as const;
    return [
      await measureEndpoint('GET /api/rsvp (an invitation opened before)', SAMPLES, (index) => expectStatus(200, api('GET', '/api/rsvp', { headers: invitationCodeHeader(codes[index] as string) })),
        undefined, 'code GetItem, event+guest BatchGetItem; no rate-limit call', ...budget(2)),
      await measureEndpoint('POST /api/rsvp (an answer)', SAMPLES, (index) => expectStatus(200, api('POST', '/api/rsvp', { headers: invitationCodeHeader(codes[index] as string), body: { status: 'yes' } })),
        undefined, 'code GetItem, event+guest BatchGetItem, ONE TransactWriteItems (its domain events leave through the table\'s stream)', ...budget(3)),
      await measureEndpoint('GET /rsvp (the page)', SAMPLES, (index) => expectStatus(200, api('GET', '/rsvp', { headers: rsvpPageCookie(codes[index] as string) })),
        undefined, 'as GET /api/rsvp', ...budget(2)),
      await measureEndpoint('POST /rsvp (the form) and the page its 303 leads to', SAMPLES, (index) => expectStatus(200, api('POST', '/rsvp', form(codes[SAMPLES + index] as string, 'no'))),
        undefined, 'two requests: the answer (3) and the page (2)', ...budget(5)),
      await measureEndpoint('POST /api/auth/login (a known address)', 5, () => expectStatus(200, api('POST', '/api/auth/login', { body: { username, password } })),
        undefined, 'claim GetItem, ONE BatchGetItem (user, second factor, roster, throttle state), the session TransactWriteItems; scrypt N=2^17 dominates', ...budget(3)),
      await measureEndpoint('POST /api/auth/register', REGISTRATIONS, (index) => expectStatus(201, api('POST', '/api/auth/register', { body: {
        username: `bench_public_${process.pid}_${index}`, email: `bench_public_${process.pid}_${index}@example.com`, password, full_name: 'Bench',
      } })), undefined, 'email claim GetItem, ONE TransactWriteItems (user, claims, session, audit, marker, verification mail); no rate-limit UpdateItem (was 1)', ...budget(2)),
      await measureEndpoint('POST /api/auth/password/forgot', RESET_REQUESTS, (index) => expectStatus(202, api('POST', '/api/auth/password/forgot', { body: {
        email: `bench_reset_${process.pid}_${index}@example.com`,
      } })), undefined, 'ONE TransactWriteItems (the account mail); no rate-limit UpdateItem (were 2)', ...budget(1)),
    ];
  },
};
