import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../shared/data/client.ts';
import { childKeys, eventKeys, userKeys } from '../../shared/data/keys.ts';
import { deleteSession } from '../../shared/data/sessions.ts';
import { rolePermissions } from '../../shared/domain/permissions.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, api, collection, createEvent, getItem, weddingInput } from './events-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

describe('POST /api/events', () => {
  it('creates the event with its defaults, organizer, audit entry and the creator counter', async () => {
    const response = await api(ada, 'POST', '/api/events', { body: weddingInput });

    expect(response.status).toBe(201);
    const event = response.body.data;
    expect(response.headers.Location).toBe(`/api/events/${event.id}`);
    expect(event).toMatchObject({
      name: weddingInput.name, event_date: '2027-06-20T18:00:00Z', timezone: 'Europe/London', event_type: 'wedding',
      location_name: 'Kew Gardens', capacity: 120, budget_total: 25000.5, currency: 'GBP', status: 'planning',
      organizer_id: ada.userId, version: 1, guest_count: 0, rsvp_yes: 0, role: 'organizer', permissions: rolePermissions.organizer,
    });
    const items = await collection(event.id);
    const kinds = (prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));
    expect(kinds('CATEGORY#').map((item) => item.category)).toEqual(expect.arrayContaining(['venue', 'catering', 'photography', 'attire']));
    expect(kinds('TIMELINE#').length).toBeGreaterThanOrEqual(8);
    expect(kinds('TIMELINE#').every((item) => item.status === 'pending' && String(item.gsi2pk).startsWith('DUE#'))).toBe(true);
    expect(kinds('MEMBER#')).toEqual([expect.objectContaining({ user_id: ada.userId, role: 'organizer', status: 'active', gsi1pk: `USER#${ada.userId}` })]);
    expect(kinds('AUDIT#')).toEqual([expect.objectContaining({ action: 'event.created', actor_id: ada.userId, entity_id: event.id })]);
    const stored = await getItem(eventKeys.item(event.id));
    expect(stored).toMatchObject({ budget_total_minor: 2500050, timeline_total: kinds('TIMELINE#').length, timeline_done: 0 });
    expect((await getItem(userKeys.item(ada.userId)))?.events_created).toBeGreaterThanOrEqual(1);
  });

  it('accepts date + time (local to the time zone), location and type, and answers with the model names', async () => {
    const response = await api(ada, 'POST', '/api/events', {
      body: { name: 'Launch', date: '2027-01-15', time: '09:30', timezone: 'America/New_York', location: 'Pier 17', type: 'corporate' },
    });

    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      event_date: '2027-01-15T14:30:00Z', location_name: 'Pier 17', event_type: 'corporate', currency: 'USD', budget_total: 0,
    });
    expect(response.body.data).not.toHaveProperty('location');
    expect(response.body.data).not.toHaveProperty('type');
  });

  it('refuses unknown fields (naming them) and ignores the read-only fields it answers', async () => {
    const response = await api(ada, 'POST', '/api/events', {
      body: { name: 'Party', event_date: '2027-03-01', id: 'mine', organizer_id: 'someone', guest_count: 99, version: 7 },
    });
    const unknown = await api(ada, 'POST', '/api/events', { body: { name: 'Party', event_date: '2027-03-01', is_admin: true } });

    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'is_admin', message: expect.stringMatching(/Unknown field/) })]);
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ organizer_id: ada.userId, guest_count: 0, version: 1 });
    expect(response.body.data.id).not.toBe('mine');
    expect(await getItem(eventKeys.item(response.body.data.id))).not.toHaveProperty('is_admin');
  });

  it('increments events_created once per event', async () => {
    const before = Number((await getItem(userKeys.item(ada.userId)))?.events_created);

    await createEvent(ada, { name: 'Another', event_date: '2027-04-01' });

    expect((await getItem(userKeys.item(ada.userId)))?.events_created).toBe(before + 1);
  });

  it('replays the first answer for a repeated Idempotency-Key and creates nothing new', async () => {
    const headers = { 'Idempotency-Key': 'create-event-0001' };
    const body = { name: 'Once', event_date: '2027-05-01' };
    const first = await api(ada, 'POST', '/api/events', { body, headers });
    const second = await api(ada, 'POST', '/api/events', { body, headers });

    expect(second.status).toBe(201);
    expect(second.body.data.id).toBe(first.body.data.id);
  });
});

describe('POST /api/events bad input', () => {
  it('refuses malformed JSON with 400 malformed_json', async () => {
    const response = await api(ada, 'POST', '/api/events', { rawBody: '{"name": "x",' });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
  });

  it('lists every wrong or missing field at once', async () => {
    const response = await api(ada, 'POST', '/api/events', {
      body: { name: 42, capacity: 'many', budget_total: -5, currency: 'XYZ', timezone: 'Mars/Olympus', event_type: '' },
    });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_error');
    const paths = response.body.errors.map((problem: { path: string }) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'capacity', 'budget_total', 'currency', 'timezone', 'event_type', 'event_date']));
  });

  it('refuses oversize strings on every text field', async () => {
    const response = await api(ada, 'POST', '/api/events', {
      body: {
        name: 'n'.repeat(201), description: 'd'.repeat(5001), location_name: 'l'.repeat(301), location_address: 'a'.repeat(501),
        event_date: '2027-01-01',
      },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual(
      ['description', 'location_address', 'location_name', 'name'],
    );
  });

  it('refuses more decimals than the currency allows, and a capacity out of range', async () => {
    const response = await api(ada, 'POST', '/api/events', {
      body: { name: 'Tokyo', event_date: '2027-01-01', currency: 'JPY', budget_total: 1000.5, capacity: 0 },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'budget_total', message: expect.stringContaining('no decimals') }),
      expect.objectContaining({ path: 'capacity' }),
    ]));
  });

  it('refuses a local time the time zone skips (DST gap)', async () => {
    const response = await api(ada, 'POST', '/api/events', {
      body: { name: 'Too early', date: '2027-03-14', time: '02:30', timezone: 'America/New_York' },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('date');
  });

  it('refuses a request without a token with 401', async () => {
    const response = await api(null, 'POST', '/api/events', { body: weddingInput });

    expect(response.status).toBe(401);
  });
});

describe('GET /api/events/{id}', () => {
  it('shows details, counters, budget summary, timeline status, role and permissions', async () => {
    const created = await createEvent(ada);

    const response = await api(ada, 'GET', `/api/events/${created.id}`);

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      id: created.id, name: weddingInput.name, guest_count: 0, rsvp_yes: 0, rsvp_no: 0, rsvp_maybe: 0, rsvp_pending: 0, attending_headcount: 0,
      budget: { currency: 'GBP', budget_total: 25000.5, estimated: 0, actual: 0, committed: 0, paid: 0, remaining: 25000.5 },
      timeline: { total: created.timeline.total, done: 0, overdue: 0 },
      role: 'organizer',
      permissions: rolePermissions.organizer,
    });
  });

  it('counts overdue milestones of an event in the past', async () => {
    const past = await createEvent(ada, { name: 'Last year', event_date: '2020-01-10T10:00:00Z', type: 'meeting' });

    const response = await api(ada, 'GET', `/api/events/${past.id}`);

    expect(response.body.data.timeline).toEqual({ total: 4, done: 0, overdue: 4 });
  });

  it('reads the session, event and membership in exactly ONE DynamoDB call', async () => {
    const created = await createEvent(ada);
    let calls = 0;
    const name = 'countDynamoDbCalls';
    db().middlewareStack.add((next) => async (args) => {
      calls += 1;
      return next(args);
    }, { step: 'initialize', name });

    try {
      const response = await api(ada, 'GET', `/api/events/${created.id}`);
      expect(response.status).toBe(200);
    } finally {
      db().middlewareStack.remove(name);
    }

    expect(calls).toBe(1);
  });

  it('answers 404 for an event of someone else and for an id that is not one', async () => {
    const grace = await signedInUser();
    const theirs = await createEvent(grace);

    const other = await api(ada, 'GET', `/api/events/${theirs.id}`);
    const garbage = await api(ada, 'GET', '/api/events/not-an-id');

    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    expect(garbage.status).toBe(404);
  });

  it('answers 404 to a member whose permissions take away read on the event', async () => {
    const created = await createEvent(ada);
    const outsider = await signedInUser();
    await addMember(created.id, outsider.userId, 'viewer', { event: 'none' });

    const response = await api(outsider, 'GET', `/api/events/${created.id}`);

    expect(response.status).toBe(404);
  });

  it('answers 401 once the session has ended, even with a valid token', async () => {
    const user = await signedInUser();
    const created = await createEvent(user);
    await deleteSession(user.sessionId);

    const response = await api(user, 'GET', `/api/events/${created.id}`);

    expect(response.status).toBe(401);
  });

  it('stores children under the event so a child id finds them (key shape check)', async () => {
    const created = await createEvent(ada);

    const venue = await getItem(childKeys.item('budgetCategory', created.id, 'venue'));

    expect(venue).toMatchObject({ event_id: created.id, allocation_minor: 0, name: 'Venue' });
  });
});
