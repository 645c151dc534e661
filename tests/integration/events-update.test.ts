import { beforeAll, describe, expect, it } from 'vitest';
import { loadChildAccess } from '../../shared/data/events/access.ts';
import { eventKeys } from '../../shared/data/keys.ts';
import { listEventNotices } from '../../shared/data/notices.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, api, collection, createEvent, getItem } from './events-fixtures.ts';

let ada: SignedInUser;
let grace: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
  grace = await signedInUser();
});

const put = (user: SignedInUser, id: string, body: unknown, headers: Record<string, string> = {}) =>
  api(user, 'PUT', `/api/events/${id}`, { body, headers });

describe('PUT /api/events/{id}', () => {
  it('changes only what was sent and bumps the version', async () => {
    const event = await createEvent(ada);

    const response = await put(ada, event.id, { name: 'Renamed', capacity: null, budget_total: 30000 }, { 'If-Match': '1' });

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ name: 'Renamed', capacity: null, budget_total: 30000, location_name: 'Kew Gardens', version: 2 });
    expect(await getItem(eventKeys.item(event.id))).toMatchObject({ name: 'Renamed', budget_total_minor: 3000000, version: 2 });
    expect(await getItem(eventKeys.item(event.id))).not.toHaveProperty('capacity');
  });

  it('ignores read-only fields silently and never stores them', async () => {
    const event = await createEvent(ada);

    const response = await put(ada, event.id, { id: 'other', organizer_id: grace.userId, guest_count: 500, created_at: '2000-01-01T00:00:00Z', description: 'New' });

    expect(response.status).toBe(200);
    const stored = await getItem(eventKeys.item(event.id));
    expect(stored).toMatchObject({ id: event.id, organizer_id: ada.userId, guest_count: 0, created_at: event.created_at, description: 'New' });
  });

  it('refuses a stale version with 409 version_conflict and changes nothing', async () => {
    const event = await createEvent(ada);
    await put(ada, event.id, { name: 'First edit' }, { 'If-Match': '1' });

    const viaHeader = await put(ada, event.id, { name: 'Lost update' }, { 'If-Match': '"1"' });
    const viaBody = await put(ada, event.id, { name: 'Lost update', version: 1 });

    expect(viaHeader.status).toBe(409);
    expect(viaHeader.body.code).toBe('version_conflict');
    expect(viaBody.status).toBe(409);
    expect(await getItem(eventKeys.item(event.id))).toMatchObject({ name: 'First edit', version: 2 });
    expect((await collection(event.id)).filter((item) => String(item.sk).startsWith('AUDIT#'))).toHaveLength(2);
  });

  it('moves the date with date/time aliases in the event time zone, keeping the local time when only the date changes', async () => {
    const event = await createEvent(ada, { name: 'NYC', date: '2027-01-10', time: '19:00', timezone: 'America/New_York' });

    const moved = await put(ada, event.id, { date: '2027-07-10' });
    const retimed = await put(ada, event.id, { time: '20:30' });

    expect(event.event_date).toBe('2027-01-11T00:00:00Z');
    expect(moved.body.data.event_date).toBe('2027-07-10T23:00:00Z'); // 19:00 EDT (UTC-4) after the DST change
    expect(retimed.body.data.event_date).toBe('2027-07-11T00:30:00Z');
  });

  it('a date change records exactly one event_changed notice and an audit entry with before and after', async () => {
    const event = await createEvent(ada);

    const response = await put(ada, event.id, { event_date: '2027-06-27T18:00:00Z' });

    expect(response.status).toBe(200);
    const notices = await listEventNotices(event.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'event_changed', status: 'pending', event_id: event.id,
      changes: [{ field: 'event_date', before: '2027-06-20T18:00:00Z', after: '2027-06-27T18:00:00Z' }],
    });
    const activity = await api(ada, 'GET', `/api/events/${event.id}/activity`);
    expect(activity.body.data[0]).toMatchObject({
      action: 'event.updated', actor_id: ada.userId,
      changes: [{ field: 'event_date', before: '2027-06-20T18:00:00Z', after: '2027-06-27T18:00:00Z' }],
    });
  });

  it('a change the guests do not act on (name) records no notice; a location change and a cancellation do', async () => {
    const event = await createEvent(ada);

    await put(ada, event.id, { name: 'Quiet rename' });
    await put(ada, event.id, { location: 'Hampton Court' });
    await put(ada, event.id, { status: 'cancelled' });

    expect((await listEventNotices(event.id)).map((notice) => notice.kind)).toEqual(['event_changed', 'event_cancelled']);
  });

  it('allows planning → confirmed → completed and refuses invalid transitions with 409', async () => {
    const event = await createEvent(ada);

    const skip = await put(ada, event.id, { status: 'completed' });
    const confirm = await put(ada, event.id, { status: 'confirmed' });
    const back = await put(ada, event.id, { status: 'planning' });
    const complete = await put(ada, event.id, { status: 'completed' });

    expect(skip.status).toBe(409);
    expect(skip.body.code).toBe('invalid_status_transition');
    expect(confirm.body.data.status).toBe('confirmed');
    expect(back.status).toBe(409);
    expect(complete.body.data.status).toBe('completed');
  });

  it('lets only the organizer reopen a cancelled event', async () => {
    const event = await createEvent(ada);
    await addMember(event.id, grace.userId, 'coordinator');
    await put(grace, event.id, { status: 'cancelled' });

    const byCoordinator = await put(grace, event.id, { status: 'planning' });
    const byOrganizer = await put(ada, event.id, { status: 'planning' });

    expect(byCoordinator.status).toBe(403);
    expect(byOrganizer.status).toBe(200);
    expect(byOrganizer.body.data.status).toBe('planning');
  });

  it('lets a viewer read the event but not change it (403)', async () => {
    const event = await createEvent(ada);
    const viewer = await signedInUser();
    await addMember(event.id, viewer.userId, 'viewer');

    const read = await api(viewer, 'GET', `/api/events/${event.id}`);
    const write = await put(viewer, event.id, { name: 'Mine now' });

    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ role: 'viewer', permissions: { event: 'read', budget: 'none' } });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('forbidden');
  });

  it('refuses bad fields with 400 listing each, and writes nothing', async () => {
    const event = await createEvent(ada);

    const response = await put(ada, event.id, { name: '', capacity: 100001, budget_total: 1.005, status: 'done', timezone: 'Nowhere' });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual(
      ['capacity', 'name', 'status', 'timezone'],
    );
    const decimals = await put(ada, event.id, { budget_total: 1.005 });
    expect(decimals.status).toBe(400);
    expect(decimals.body.errors[0].path).toBe('budget_total');
    expect(await getItem(eventKeys.item(event.id))).toMatchObject({ version: 1 });
  });

  it('refuses a malformed If-Match with 400', async () => {
    const event = await createEvent(ada);

    const response = await put(ada, event.id, { name: 'x' }, { 'If-Match': 'yesterday' });

    expect(response.status).toBe(400);
  });
});

describe('another user’s event', () => {
  it('is a 404 on GET, PUT, DELETE and activity', async () => {
    const theirs = await createEvent(grace);

    const answers = await Promise.all([
      api(ada, 'GET', `/api/events/${theirs.id}`),
      put(ada, theirs.id, { name: 'Hijacked' }),
      api(ada, 'DELETE', `/api/events/${theirs.id}`),
      api(ada, 'GET', `/api/events/${theirs.id}/activity`),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    expect(await getItem(eventKeys.item(theirs.id))).toMatchObject({ name: theirs.name });
  });
});

describe('loadChildAccess (for the child routes of later issues)', () => {
  it('loads a child with its event access in one read, and hides it from outsiders', async () => {
    const event = await createEvent(ada);
    const milestone = (await collection(event.id)).find((item) => String(item.sk).startsWith('TIMELINE#'))!;
    const asCaller = (user: SignedInUser) => ({ userId: user.userId, sessionId: user.sessionId, username: user.username });

    const mine = await loadChildAccess(asCaller(ada), String(milestone.id), 'timelineItem', 'timeline', 'write');

    expect(mine.child).toMatchObject({ id: milestone.id, title: milestone.title });
    expect(mine.event.id).toBe(event.id);
    await expect(loadChildAccess(asCaller(grace), String(milestone.id), 'timelineItem', 'timeline', 'read')).rejects.toMatchObject({ statusCode: 404 });
    await expect(loadChildAccess(asCaller(ada), `${event.id}${'0'.repeat(26)}`, 'timelineItem', 'timeline', 'read')).rejects.toMatchObject({ statusCode: 404 });
    await expect(loadChildAccess(asCaller(ada), event.id, 'timelineItem', 'timeline', 'read')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('GET /api/events/{id}/activity', () => {
  it('lists the audit trail newest first, page by page', async () => {
    const event = await createEvent(ada);
    for (let edit = 1; edit <= 4; edit += 1) await put(ada, event.id, { name: `Edit ${edit}` });

    const first = await api(ada, 'GET', `/api/events/${event.id}/activity`, { query: { limit: '2' } });
    const second = await api(ada, 'GET', `/api/events/${event.id}/activity`, { query: { limit: '2', cursor: first.body.meta.next_cursor } });
    const third = await api(ada, 'GET', `/api/events/${event.id}/activity`, { query: { limit: '2', cursor: second.body.meta.next_cursor } });

    const entries = [...first.body.data, ...second.body.data, ...third.body.data];
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual(
      ['event.updated', 'event.updated', 'event.updated', 'event.updated', 'event.created'],
    );
    expect(entries[0].changes).toEqual([{ field: 'name', before: 'Edit 3', after: 'Edit 4' }]);
    expect(first.body.meta.count).toBe(2);
  });

  it('refuses a cursor of another event with 400', async () => {
    const one = await createEvent(ada);
    const two = await createEvent(ada);
    await put(ada, one.id, { name: 'x' });
    const page = await api(ada, 'GET', `/api/events/${one.id}/activity`, { query: { limit: '1' } });

    const response = await api(ada, 'GET', `/api/events/${two.id}/activity`, { query: { cursor: page.body.meta.next_cursor } });

    expect(response.status).toBe(400);
  });
});
