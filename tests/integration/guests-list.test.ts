import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../shared/auth/tokens.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { eventKeys, invitationCodeKeys } from '../../shared/data/keys.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent, getItem } from './events-fixtures.ts';
import { addGuests, countersAndRecount, guestsApi, people } from './guests-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

describe('POST /api/events/{id}/guests', () => {
  it('adds guests with a code each, keeps only its hash, and skips duplicate emails with the reason', async () => {
    const event = await createEvent(ada);
    await addGuests(ada, event.id, [{ name: 'Already here', email: 'alan@example.com' }]);

    const response = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests`, {
      body: {
        guest_list: [
          { name: 'Alan again', email: 'ALAN@example.com' },
          { name: 'Grace', email: 'grace@example.com', dietary_restrictions: 'Vegan; no nuts', plus_one_count: 1, household: 'Hopper' },
          { name: 'Grace twin', email: 'Grace@Example.com' },
          { name: 'Kid without email' },
        ],
      },
    });

    expect(response.status).toBe(201);
    expect(response.body.meta).toMatchObject({ added: 2, skipped: [
      { index: 0, email: 'alan@example.com', reason: 'already_on_list' },
      { index: 2, email: 'grace@example.com', reason: 'duplicate_in_request' },
    ] });
    const grace = response.body.data[0];
    expect(grace).toMatchObject({
      name: 'Grace', rsvp_status: 'pending', dietary_restrictions: ['vegan', 'no nuts'], plus_one_allowed: true, plus_one_limit: 1, party_name: 'Hopper',
    });
    expect(grace.rsvp_url).toBe(`http://localhost:3000/rsvp/${grace.invitation_code}`);
    expect(await getItem(invitationCodeKeys.item(sha256(grace.invitation_code)))).toMatchObject({ guest_id: grace.id, event_id: event.id });
    const stored = await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': eventKeys.partition(event.id) } }));
    expect(JSON.stringify(stored.Items)).not.toContain(grace.invitation_code);
    const { stored: counters, recounted } = await countersAndRecount(event.id);
    expect(counters).toEqual(recounted);
    expect(counters.guest_count).toBe(3);
  });

  it('accepts one guest object and lists every problem of a bad list at once', async () => {
    const event = await createEvent(ada);

    const single = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests`, { body: { name: 'Solo', email: 'solo@example.com' } });
    const bad = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests`, {
      body: { guest_list: [{ name: '', email: 'not-an-email' }, { name: 'Ok', plus_one_allowed: false, plus_one_count: 2 }] },
    });

    expect(single.status).toBe(201);
    expect(single.body.data).toHaveLength(1);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual(
      ['guest_list.0.email', 'guest_list.0.name', 'guest_list.1.plus_one_count'],
    );
  });

  it('adds 1,000 guests in one request, in batches, with exact counters', { timeout: 120_000 }, async () => {
    const event = await createEvent(ada);
    const post = () => guestsApi(ada, 'POST', `/api/events/${event.id}/guests`, { body: { guest_list: people(1000) } });

    let response = await post();
    // A loaded machine can answer 503 after some batches were written (a later one outlasted its retries):
    // the resubmission, as a client would send it, skips those as already on the list.
    let resubmitted = false;
    for (let retry = 0; response.status === 503 && retry < 5; retry += 1) {
      resubmitted = true;
      response = await post();
    }

    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const alreadyOnList = response.body.meta.skipped.filter((skip: { reason: string }) => skip.reason === 'already_on_list').length;
    expect(response.body.data.length + alreadyOnList).toBe(1000);
    if (!resubmitted) expect(response.body.data).toHaveLength(1000);
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(stored.guest_count).toBe(1000);
  });

  it('is refused to a viewer (403) and hidden from outsiders (404)', async () => {
    const event = await createEvent(ada);
    const viewer = await signedInUser();
    const outsider = await signedInUser();
    await addMember(event.id, viewer.userId, 'viewer');

    const asViewer = await guestsApi(viewer, 'POST', `/api/events/${event.id}/guests`, { body: { name: 'X' } });
    const asOutsider = await guestsApi(outsider, 'GET', `/api/events/${event.id}/guests`);

    expect(asViewer.status).toBe(403);
    expect(asOutsider.status).toBe(404);
  });
});

describe('GET /api/events/{id}/guests', () => {
  it('pages in creation order and carries totals, headcount and the dietary summary', async () => {
    const event = await createEvent(ada);
    const guests = await addGuests(ada, event.id, [
      ...people(7, 'p'),
      { name: 'Zoe Vegan', email: 'zoe@example.com', dietary_restrictions: ['vegan'] },
      { name: 'Abe Vegan', email: 'abe@example.com', dietary_restrictions: ['vegan', 'gluten free'], plus_one_count: 2 },
    ]);
    const abe = guests[8] as { id: string };
    await guestsApi(ada, 'POST', `/api/guests/${abe.id}/rsvp`, { body: { status: 'attending', plus_one_count: 2 } });

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query: { limit: '4', ...(cursor ? { cursor } : {}) } });
      pages.push(page.body.data.map((guest: { id: string }) => guest.id));
      cursor = page.body.meta.next_cursor ?? undefined;
    } while (cursor);
    const newest = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query: { sort: '-created_at', limit: '2' } });

    expect(pages.flat()).toEqual(guests.map((guest) => guest.id));
    expect(pages.map((page) => page.length)).toEqual([4, 4, 1]);
    expect(newest.body.data.map((guest: { id: string }) => guest.id)).toEqual([guests[8]?.id, guests[7]?.id]);
    expect(newest.body.meta).toMatchObject({
      totals: { guests: 9, pending: 8, yes: 1, no: 0, maybe: 0, waitlisted: 0 },
      expected_headcount: 3,
      dietary_summary: { 'gluten free': 1, vegan: 2 },
    });
  });

  it('narrows to an answer and a name prefix (case and accents ignored), by name, and follows a guest whose answer or name changes', async () => {
    const event = await createEvent(ada);
    const [emilie, emil, bob] = await addGuests(ada, event.id, [{ name: 'Émilie du Châtelet' }, { name: 'emil  Post' }, { name: 'Bob' }]);
    await guestsApi(ada, 'POST', `/api/guests/${emilie?.id}/rsvp`, { body: { status: 'yes' } });
    await guestsApi(ada, 'POST', `/api/guests/${bob?.id}/rsvp`, { body: { status: 'yes' } });
    await guestsApi(ada, 'PUT', `/api/guests/${bob?.id}`, { body: { name: 'Emily Noether' } });
    const names = async (query: Record<string, string>) =>
      (await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query })).body.data.map((guest: { name: string }) => guest.name);

    expect(await names({ q: 'EMI' })).toEqual(['emil  Post', 'Émilie du Châtelet', 'Emily Noether']);
    expect(await names({ q: 'Emil p' })).toEqual(['emil  Post']);
    expect(await names({ rsvp_status: 'yes' })).toEqual(['Émilie du Châtelet', 'Emily Noether']);
    expect(await names({ rsvp_status: 'yes', q: 'emily', sort: '-name' })).toEqual(['Emily Noether']);
    expect(await names({ rsvp_status: 'pending' })).toEqual(['emil  Post']);
    expect(await names({ q: 'zzz' })).toEqual([]);
    expect(emil).toBeDefined();
  });

  it('pages by name across cursors and refuses a cursor of another list', async () => {
    const event = await createEvent(ada);
    await addGuests(ada, event.id, ['delta', 'alpha', 'charlie', 'bravo', 'alpha beta'].map((name) => ({ name })));

    const first = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query: { sort: 'name', order: 'desc', limit: '3' } });
    const second = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query: { sort: 'name', order: 'desc', limit: '3', cursor: first.body.meta.next_cursor } });
    const byCreation = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query: { cursor: first.body.meta.next_cursor } });
    const otherPrefix = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query: { sort: 'name', order: 'desc', q: 'x', cursor: first.body.meta.next_cursor } });
    const otherStatus = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query: { sort: 'name', order: 'desc', rsvp_status: 'yes', cursor: first.body.meta.next_cursor } });

    expect([...first.body.data, ...second.body.data].map((guest: { name: string }) => guest.name)).toEqual(['delta', 'charlie', 'bravo', 'alpha beta', 'alpha']);
    expect(second.body.meta.next_cursor).toBeNull();
    expect([byCreation.status, otherPrefix.status, otherStatus.status]).toEqual([400, 400, 400]);
  });

  it('refuses the filters and sorts it cannot serve a page at a time, naming them', async () => {
    const event = await createEvent(ada);

    const queries: Record<string, string>[] = [
      { invited: 'false' },
      { dietary: 'true' },
      { sort: 'rsvp_date' },
      { rsvp_status: 'yes', sort: 'created_at' },
    ];
    const answers = await Promise.all(queries.map((query) => guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query })));

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    expect(answers.map((answer) => answer.body.errors.map((problem: { path: string }) => problem.path))).toEqual([['query.invited'], ['query.dietary'], ['query.sort'], ['query.sort']]);
  });
});
