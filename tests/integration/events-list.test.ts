import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { eventKeys } from '../../shared/data/keys.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, api, createEvent } from './events-fixtures.ts';

type Row = { id: string; name: string; event_date: string; guest_count: number; created_at: string; role: string; status: string; event_type: string };

let ada: SignedInUser;
let grace: SignedInUser;
let adaEvents: Row[];
let graceEvent: Row;

/** Sets an event's guest counter directly (guests arrive in a later issue). */
async function setGuestCount(eventId: string, count: number) {
  await db().send(new UpdateCommand({
    TableName: tableName(), Key: eventKeys.item(eventId),
    UpdateExpression: 'SET guest_count = :count, rsvp_yes = :yes', ExpressionAttributeValues: { ':count': count, ':yes': Math.floor(count / 2) },
  }));
}

async function listAll(user: SignedInUser, query: Record<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const response = await api(user, 'GET', '/api/events', { query: { ...query, ...(cursor ? { cursor } : {}) } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    rows.push(...response.body.data);
    cursor = response.body.meta.next_cursor;
  } while (cursor);
  return rows;
}

beforeAll(async () => {
  ada = await signedInUser('ada_lovelace');
  grace = await signedInUser('grace_hopper');
  const types = ['wedding', 'party', 'meeting', 'birthday', 'conference'];
  adaEvents = [];
  // 25 events; 5 share a day so sorting by date needs the id tie-break.
  for (let index = 0; index < 25; index += 1) {
    const day = String(1 + (index % 20)).padStart(2, '0');
    adaEvents.push(await createEvent(ada, {
      name: `${index % 2 ? 'Summer' : 'Winter'} gathering ${String(index).padStart(2, '0')}`,
      event_date: `2027-07-${day}T12:00:00Z`,
      type: types[index % types.length],
      status: index % 5 === 0 ? 'confirmed' : 'planning',
    }));
  }
  for (const [index, event] of adaEvents.entries()) await setGuestCount(event.id, (index * 7) % 11);
  graceEvent = await createEvent(grace, { name: 'Grace keynote', event_date: '2027-07-04T09:00:00Z', type: 'conference' });
});

describe('GET /api/events', () => {
  it('lists only the events the caller organizes or is on the team of', async () => {
    const adaRows = await listAll(ada, { limit: '100' });
    const graceRows = await listAll(grace, { limit: '100' });

    expect(adaRows.map((row) => row.id).sort()).toEqual(adaEvents.map((event) => event.id).sort());
    expect(graceRows.map((row) => row.id)).toEqual([graceEvent.id]);
  });

  it('includes an event the caller is a team member of, with their role', async () => {
    const helper = await signedInUser();
    await addMember(graceEvent.id, helper.userId, 'assistant');

    const rows = await listAll(helper, {});

    expect(rows).toEqual([expect.objectContaining({ id: graceEvent.id, role: 'assistant', organizer_id: grace.userId })]);
  });

  it('carries the counters and the role on each row', async () => {
    const rows = await listAll(ada, { limit: '100' });

    expect(rows[0]).toEqual(expect.objectContaining({ guest_count: expect.any(Number), rsvp_yes: expect.any(Number), rsvp_no: 0, rsvp_maybe: 0, role: 'organizer' }));
  });

  it('pages through 25 events 10 at a time without duplicates or misses', async () => {
    const pages: number[] = [];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await api(ada, 'GET', '/api/events', { query: { limit: '10', ...(cursor ? { cursor } : {}) } });
      pages.push(response.body.data.length);
      seen.push(...response.body.data.map((row: Row) => row.id));
      cursor = response.body.meta.next_cursor;
    } while (cursor);

    expect(pages).toEqual([10, 10, 5]);
    expect(new Set(seen).size).toBe(25);
    expect(seen.sort()).toEqual(adaEvents.map((event) => event.id).sort());
  });

  it.each(['event_date', 'name', 'created_at'] as const)('sorts by %s in both orders (ties by id), across pages', async (sort) => {
    const value = (row: Row) => (sort === 'name' ? row.name.toLowerCase() : row[sort]);
    const byKey = (a: Row, b: Row) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : a.id < b.id ? -1 : 1);
    const expected = [...adaEvents].map((event) => event.id);

    const ascending = await listAll(ada, { sort, order: 'asc', limit: '7' });
    const descending = await listAll(ada, { sort, order: 'desc', limit: '7' });

    expect(ascending.map((row) => row.id)).toEqual([...ascending].sort(byKey).map((row) => row.id));
    expect(descending.map((row) => row.id)).toEqual([...ascending].reverse().map((row) => row.id));
    expect(ascending.map((row) => row.id).sort()).toEqual(expected.sort());
  });

  it('filters by status, event_type, q, from/to and organizer', async () => {
    const confirmed = await listAll(ada, { status: 'confirmed' });
    const parties = await listAll(ada, { event_type: 'party' });
    const summer = await listAll(ada, { q: 'SUMMER' });
    const range = await listAll(ada, { from: '2027-07-03', to: '2027-07-05' });
    const byUsername = await listAll(ada, { organizer: 'ada_lovelace' });
    const byId = await listAll(ada, { organizer: ada.userId });
    const byNobody = await listAll(ada, { organizer: 'nobody_here' });

    expect(confirmed.length).toBe(5);
    expect(confirmed.every((row) => row.status === 'confirmed')).toBe(true);
    expect(parties.length).toBe(5);
    expect(parties.every((row) => row.event_type === 'party')).toBe(true);
    expect(summer.length).toBe(12);
    expect(summer.every((row) => row.name.startsWith('Summer'))).toBe(true);
    expect(range.map((row) => row.event_date.slice(0, 10)).sort()).toEqual(
      ['2027-07-03', '2027-07-03', '2027-07-04', '2027-07-04', '2027-07-05', '2027-07-05'],
    );
    expect(byUsername.length).toBe(25);
    expect(byId.length).toBe(25);
    expect(byNobody).toEqual([]);
  });

  it('answers meta.count and meta.total', async () => {
    const response = await api(ada, 'GET', '/api/events', { query: { limit: '3', status: 'confirmed' } });

    expect(response.body.meta).toMatchObject({ count: 3, total: 5, next_cursor: expect.any(String) });
  });

  it('refuses a forged cursor, and a cursor from another sort, with 400', async () => {
    const first = await api(ada, 'GET', '/api/events', { query: { limit: '5' } });
    const forged = Buffer.from(JSON.stringify({ o: 'event_date:asc', v: { $ne: 1 }, id: 'x' })).toString('base64url');

    const garbage = await api(ada, 'GET', '/api/events', { query: { cursor: 'not-a-cursor!!' } });
    const tampered = await api(ada, 'GET', '/api/events', { query: { cursor: forged } });
    const otherSort = await api(ada, 'GET', '/api/events', { query: { cursor: first.body.meta.next_cursor, sort: 'name' } });

    expect([garbage.status, tampered.status, otherSort.status]).toEqual([400, 400, 400]);
    expect(garbage.body.code).toBe('invalid_cursor');
  });

  it('refuses bad query values with 400 listing each', async () => {
    const response = await api(ada, 'GET', '/api/events', { query: { limit: '500', sort: 'price', status: 'gone', from: 'yesterday' } });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual(
      ['query.from', 'query.limit', 'query.sort', 'query.status'],
    );
  });
});
