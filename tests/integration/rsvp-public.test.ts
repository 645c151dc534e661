import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../shared/config.ts';
import { testEventBus } from '../support/event-bus.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { api, createEvent } from './events-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, guestsApi, rsvpApi, rsvpPage } from './guests-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const eventWith = (extra: Record<string, unknown> = {}) =>
  createEvent(ada, { name: 'Ada & Grace', event_date: '2031-06-20T17:00:00Z', timezone: 'Europe/London', location: 'Kew Gardens', event_type: 'wedding', ...extra });

/** The code in the Invitation-Code header (what the API takes; the path form is deprecated). */
const withCode = (code: string, options: { body?: unknown } = {}) => ({ ...options, headers: { 'invitation-code': code } });

describe('GET /api/rsvp', () => {
  it("shows the event and the guest's own answer, nothing about others; its open is recorded off the request", async () => {
    const event = await eventWith();
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace', email: 'grace@example.com', phone: '+44 20 1234 5678', plus_one_count: 1 }, { name: 'Other', email: 'other@example.com' }]);

    const response = await rsvpApi('GET', '/api/rsvp', withCode(codeOf(grace)));
    const unknown = await rsvpApi('GET', '/api/rsvp', withCode('not-a-code'));

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      event: { name: 'Ada & Grace', local_date: '2031-06-20', local_time: '18:00', location_name: 'Kew Gardens' },
      guest: { name: 'Grace', rsvp_status: 'pending', plus_one_limit: 1 },
      rsvp_open: true,
    });
    expect(JSON.stringify(response.body)).not.toMatch(/other@example.com|grace@example.com|1234 5678/);
    expect(unknown.status).toBe(404);
    await testEventBus.idle();
    const seen = await guestsApi(ada, 'GET', `/api/guests/${grace.id}`);
    expect(seen.body.data.opened_at).toMatch(/Z$/);
    expect(seen.body.data.rsvp_status).toBe('pending');
  });
});

describe('the Invitation-Code header, refused', () => {
  it.each([
    ['missing', undefined, 'Required: the invitation code from the link, in the Invitation-Code header'],
    ['empty', '', 'it is empty'],
    ['blank', '   ', 'it is empty'],
    ['longer than any code', 'A'.repeat(2049), 'Too long for an invitation code'],
  ])('%s: 400 validation_error naming the header, on GET and POST', async (_case, code, message) => {
    const options = code === undefined ? {} : withCode(code);

    const read = await rsvpApi('GET', '/api/rsvp', options);
    const answered = await rsvpApi('POST', '/api/rsvp', { ...options, body: { status: 'yes' } });

    for (const refused of [read, answered]) {
      expect(refused.status).toBe(400);
      expect(refused.headers['Content-Type']).toBe('application/problem+json');
      expect(refused.body.code).toBe('validation_error');
      expect(refused.body.errors).toHaveLength(1);
      expect(refused.body.errors[0].path).toBe('headers.invitation-code');
      expect(refused.body.errors[0].message).toContain(message);
    }
  });

  it('garbage (no code of ours) is a 404 problem, like an unknown code', async () => {
    const read = await rsvpApi('GET', '/api/rsvp', withCode('%00<script>\u2028'));
    const answered = await rsvpApi('POST', '/api/rsvp', { ...withCode('../../etc/passwd'), body: { status: 'yes' } });

    expect(read.status).toBe(404);
    expect(read.body.code).toBe('not_found');
    expect(answered.status).toBe(404);
  });
});

describe('GET and POST /api/rsvp/{code} (deprecated: the code in the path)', () => {
  it('still answer as the header form does, saying Deprecation, Sunset and the successor', async () => {
    const event = await eventWith();
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

    const read = await rsvpApi('GET', `/api/rsvp/${codeOf(grace)}`);
    const answered = await rsvpApi('POST', `/api/rsvp/${codeOf(grace)}`, { body: { status: 'no' } });
    const unknown = await rsvpApi('GET', '/api/rsvp/not-a-code');
    const current = await rsvpApi('GET', '/api/rsvp', withCode(codeOf(grace)));

    expect(read.status).toBe(200);
    expect(read.body.data.guest.name).toBe('Grace');
    expect(answered.body.data.guest.rsvp_status).toBe('no');
    for (const deprecated of [read, answered, unknown]) {
      expect(deprecated.headers.Deprecation).toBe('@1796515200');
      expect(deprecated.headers.Sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
      expect(deprecated.headers.Link).toBe('</api/rsvp>; rel="successor-version"');
    }
    expect(unknown.status).toBe(404);
    expect(current.body.data).toEqual({ ...answered.body.data, answer_changed: undefined, event: current.body.data.event });
    expect(current.headers.Deprecation).toBeUndefined();
  });
});

describe('POST /api/rsvp', () => {
  it('records the answer once: repeating it changes nothing', async () => {
    const event = await eventWith();
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace', plus_one_limit: 2 }]);

    const first = await rsvpApi('POST', '/api/rsvp', withCode(codeOf(grace), { body: { status: 'yes', plus_one_count: 2, note: 'Looking forward!' } }));
    const repeat = await rsvpApi('POST', '/api/rsvp', withCode(codeOf(grace), { body: { status: 'yes', plus_one_count: 2, note: 'Looking forward!' } }));
    const tooMany = await rsvpApi('POST', '/api/rsvp', withCode(codeOf(grace), { body: { status: 'yes', plus_one_count: 3 } }));

    expect(first.body.data).toMatchObject({ answer_changed: true, guest: { rsvp_status: 'yes', plus_one_count: 2, rsvp_note: 'Looking forward!' } });
    expect(repeat.body.data.answer_changed).toBe(false);
    expect(tooMany.status).toBe(400);
    const { stored } = await countersAndRecount(event.id);
    expect(stored).toMatchObject({ rsvp_yes: 1, attending_headcount: 3, rsvp_pending: 0 });
  });

  it('closes at the deadline (409 rsvp_closed), and a span before the event moves with the event', async () => {
    const event = await eventWith({ event_date: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 19) + 'Z', rsvp_deadline: 'P7D' });
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

    const closed = await rsvpApi('POST', `/api/rsvp/${codeOf(grace)}`, { body: { status: 'yes' } });
    await api(ada, 'PUT', `/api/events/${event.id}`, { body: { event_date: '2031-01-01T12:00:00Z' } });
    const reopened = await rsvpApi('POST', `/api/rsvp/${codeOf(grace)}`, { body: { status: 'yes' } });
    const byPlanner = await guestsApi(ada, 'POST', `/api/guests/${grace.id}/rsvp`, { body: { status: 'no' } });

    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('rsvp_closed');
    expect(reopened.status).toBe(200);
    expect(reopened.body.data.rsvp_closes_at).toBe('2030-12-25T12:00:00Z');
    expect(byPlanner.body.data.rsvp_status).toBe('no');
  });

  it('refuses a yes over capacity, or waitlists it and promotes in order when seats free up', async () => {
    const full = await eventWith({ capacity: 1 });
    const queued = await eventWith({ capacity: 3, waitlist_enabled: true });
    const [a, b] = await addGuests(ada, full.id, [{ name: 'A' }, { name: 'B' }]);
    const [seated, big, small] = await addGuests(ada, queued.id, [{ name: 'Seated', plus_one_count: 1 }, { name: 'Big', plus_one_count: 2 }, { name: 'Small' }]);

    await rsvpApi('POST', `/api/rsvp/${codeOf(a)}`, { body: { status: 'yes' } });
    const refused = await rsvpApi('POST', `/api/rsvp/${codeOf(b)}`, { body: { status: 'yes' } });
    await rsvpApi('POST', `/api/rsvp/${codeOf(seated)}`, { body: { status: 'yes', plus_one_count: 1 } });
    const bigWaits = await rsvpApi('POST', `/api/rsvp/${codeOf(big)}`, { body: { status: 'yes', plus_one_count: 2 } });
    const smallWaits = await rsvpApi('POST', `/api/rsvp/${codeOf(small)}`, { body: { status: 'yes' } });
    await rsvpApi('POST', `/api/rsvp/${codeOf(seated)}`, { body: { status: 'yes', plus_one_count: 0 } });
    const afterOneSeat = await guestsApi(ada, 'GET', `/api/events/${queued.id}/guests`, { query: { rsvp_status: 'waitlisted' } });
    await rsvpApi('POST', `/api/rsvp/${codeOf(seated)}`, { body: { status: 'no' } });
    const afterAllSeats = await guestsApi(ada, 'GET', `/api/events/${queued.id}/guests`, { query: { rsvp_status: 'yes' } });

    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('capacity_exceeded');
    expect([bigWaits.body.data.guest.rsvp_status, smallWaits.body.data.guest.rsvp_status]).toEqual(['waitlisted', 'waitlisted']);
    // Two free seats: Big (3 seats) heads the queue and does not fit, so Small (1 seat) waits behind it.
    expect(afterOneSeat.body.data.map((guest: { name: string }) => guest.name)).toEqual(['Big', 'Small']);
    expect(afterAllSeats.body.data.map((guest: { name: string }) => guest.name)).toEqual(['Big']);
    const { stored, recounted } = await countersAndRecount(queued.id);
    expect(stored).toEqual(recounted);
    expect(stored).toMatchObject({ attending_headcount: 3, rsvp_waitlisted: 1 });
  });

  it('answers 429 once the address has used its burst, as JSON and as the page', async () => {
    // 10 per 10 minutes is a burst of one: the limit is this container's token bucket (docs/abuse-limits.md),
    // so the test spends it instead of seeding the shared window count, which only batches ever reach.
    process.env.RSVP_REQUESTS_PER_SOURCE_PER_10_MINUTES = '10';
    resetConfigForTests();
    try {
      const event = await eventWith();
      const [grace] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

      const first = await rsvpApi('GET', `/api/rsvp/${codeOf(grace)}`, { sourceIp: '192.0.2.99' });
      const limited = await rsvpApi('GET', `/api/rsvp/${codeOf(grace)}`, { sourceIp: '192.0.2.99' });
      const page = await rsvpPage('GET', codeOf(grace), { sourceIp: '192.0.2.99' });

      expect(first.status).toBe(200);
      expect(limited.status).toBe(429);
      expect(limited.headers['Retry-After']).toMatch(/^\d+$/);
      expect(page.status).toBe(429);
      expect(page.headers['Content-Type']).toMatch(/text\/html/);
    } finally {
      delete process.env.RSVP_REQUESTS_PER_SOURCE_PER_10_MINUTES;
      resetConfigForTests();
    }
  });
});

describe('raising the capacity', () => {
  it('seats waiting guests in order', async () => {
    const event = await eventWith({ capacity: 1, waitlist_enabled: true });
    const [first, second, third] = await addGuests(ada, event.id, [{ name: 'First' }, { name: 'Second' }, { name: 'Third' }]);
    for (const guest of [first, second, third]) await rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes' } });

    await api(ada, 'PUT', `/api/events/${event.id}`, { body: { capacity: 2 } });

    const yes = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query: { rsvp_status: 'yes' } });
    expect(yes.body.data.map((guest: { name: string }) => guest.name)).toEqual(['First', 'Second']);
    expect(yes.body.meta.totals).toMatchObject({ yes: 2, waitlisted: 1 });
  });
});
