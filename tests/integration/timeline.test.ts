import { beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/data/ids.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { saveEventEdits } from '../../shared/data/events/records.ts';
import { dueKeys, eventKeys } from '../../shared/data/keys.ts';
import { listTimelineItems } from '../../shared/data/timeline.ts';
import { movedMilestones } from '../../shared/domain/events/defaults.ts';
import { shiftLocalDays } from '../../shared/domain/events/rules.ts';
import { collection, createEvent, getItem } from './events-fixtures.ts';
import { call, expectStatus, timelineCountersAndRecount } from './timeline-fixtures.ts';

let organizer: SignedInUser;
let eventId: string;

const addItem = (body: Record<string, unknown>) =>
  expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { due_date: '2027-05-01T12:00:00Z', ...body } });

beforeEach(async () => {
  organizer = await signedInUser();
  eventId = (await createEvent(organizer)).id;
});

describe('GET /api/events/{id}/timeline', () => {
  it("shows the event's default milestones in due order with progress", async () => {
    const response = await call(organizer, 'GET', `/api/events/${eventId}/timeline`);

    expect(response.status).toBe(200);
    const dues = response.body.data.map((item: { due_date: string }) => item.due_date);
    expect(dues.length).toBe(10);
    expect([...dues].sort()).toEqual(dues);
    expect(response.body.data[0]).toMatchObject({ title: 'Book the venue', source: 'default', status: 'pending', blocked: false });
    expect(response.body.meta).toMatchObject({ count: 10, next_cursor: null, progress: { done: 0, total: 10, percent: 0 }, overdue: 0 });
    expect(response.body.meta.critical_path.item_ids.length).toBeGreaterThan(0);
  });

  it('marks blocked and overdue items and puts the longest chain on the critical path', async () => {
    const venue = (await addItem({ title: 'Venue', due_date: '2020-01-01', duration_days: 5 })).data;
    const menu = (await addItem({ title: 'Menu', duration_days: 3, depends_on: [venue.id] })).data;

    const { body } = await call(organizer, 'GET', `/api/events/${eventId}/timeline`);

    const byId = new Map(body.data.map((item: { id: string }) => [item.id, item]));
    expect(byId.get(venue.id)).toMatchObject({ overdue: true, blocked: false, critical: true, slack_days: 0 });
    expect(byId.get(menu.id)).toMatchObject({ overdue: false, blocked: true, blocked_by: [venue.id], critical: true });
    expect(body.meta.critical_path).toEqual({ item_ids: [venue.id, menu.id], duration_days: 8 });
    expect(body.meta.overdue).toBe(1);
    expect(body.meta.blocked).toBe(1);
  });
});

describe('POST /api/events/{id}/timeline', () => {
  it('stores the item and keeps the counters equal to a recount, with an audit entry', async () => {
    const created = await addItem({ title: 'Order flowers', priority: 'high', assigned_to: 'Aunt May', start_date: '2027-04-20T12:00:00Z' });

    expect(created.data).toMatchObject({ title: 'Order flowers', priority: 'high', assigned_to: 'Aunt May', status: 'pending', version: 1, depends_on: [] });
    const { stored, recount } = await timelineCountersAndRecount(eventId);
    expect(stored).toEqual(recount);
    expect(recount.total).toBe(11);
    const activity = await call(organizer, 'GET', `/api/events/${eventId}/activity`);
    expect(activity.body.data.map((entry: { action: string }) => entry.action)).toContain('timeline.created');
  });

  it('lists every field problem at once', async () => {
    const body = await expectStatus(400, organizer, 'POST', `/api/events/${eventId}/timeline`, {
      body: { title: '', due_date: 'soon', priority: 'urgent', depends_on: 'x' },
    });

    expect(body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual(['depends_on', 'due_date', 'priority', 'title']);
  });

  it('refuses dependencies on items that are not in the event', async () => {
    const body = await expectStatus(400, organizer, 'POST', `/api/events/${eventId}/timeline`, {
      body: { title: 'Orphan', due_date: '2027-05-01', depends_on: [`${eventId}${newId()}`] },
    });

    expect(body.errors).toEqual([{ path: 'depends_on.0', message: 'Not a timeline item of this event' }]);
  });

  it('refuses an assignee id that is not on the team', async () => {
    const body = await expectStatus(400, organizer, 'POST', `/api/events/${eventId}/timeline`, {
      body: { title: 'Ghost task', due_date: '2027-05-01', assigned_to: newId() },
    });

    expect(body.errors[0].path).toBe('assigned_to');
    expect((await timelineCountersAndRecount(eventId)).recount.total).toBe(10);
  });
});

describe('dependencies', () => {
  it('refuses a change that would make a cycle with 400 naming the cycle', async () => {
    const first = (await addItem({ title: 'First' })).data;
    const second = (await addItem({ title: 'Second', depends_on: [first.id] })).data;
    const third = (await addItem({ title: 'Third', depends_on: [second.id] })).data;

    const body = await expectStatus(400, organizer, 'PUT', `/api/timeline/${first.id}`, { body: { depends_on: [third.id] } });

    expect(body.code).toBe('dependency_cycle');
    expect(body.detail).toContain('"First"');
    expect(body.detail).toContain('"Second"');
    expect(body.detail).toContain('"Third"');
    const stored = await call(organizer, 'GET', `/api/events/${eventId}/timeline`);
    expect(stored.body.data.find((item: { id: string }) => item.id === first.id).depends_on).toEqual([]);
  });

  it('refuses an item depending on itself', async () => {
    const item = (await addItem({ title: 'Loop' })).data;

    const body = await expectStatus(400, organizer, 'PUT', `/api/timeline/${item.id}`, { body: { depends_on: [item.id] } });

    expect(body.errors).toEqual([{ path: 'depends_on.0', message: 'An item cannot depend on itself' }]);
  });
});

describe('PUT /api/timeline/{id}', () => {
  it('refuses to complete an item whose dependencies are unfinished, unless forced', async () => {
    const venue = (await addItem({ title: 'Venue' })).data;
    const menu = (await addItem({ title: 'Menu', depends_on: [venue.id] })).data;

    const refused = await expectStatus(409, organizer, 'PUT', `/api/timeline/${menu.id}`, { body: { status: 'completed' } });
    const forced = await expectStatus(200, organizer, 'PUT', `/api/timeline/${menu.id}`, { body: { status: 'completed', force: true } });

    expect(refused.code).toBe('dependencies_unfinished');
    expect(refused.detail).toContain('"Venue"');
    expect(forced.data).toMatchObject({ status: 'completed', version: 2 });
    expect(forced.data.completion_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('completes and reopens, keeping the counters equal to a recount', async () => {
    const item = (await addItem({ title: 'Tick me' })).data;

    await expectStatus(200, organizer, 'PUT', `/api/timeline/${item.id}`, { body: { status: 'completed', completion_date: '2027-04-30' } });
    const afterDone = await timelineCountersAndRecount(eventId);
    const reopened = await expectStatus(200, organizer, 'PUT', `/api/timeline/${item.id}`, { body: { status: 'in_progress', due_date: '2027-06-01T09:00:00Z' } });
    const afterReopen = await timelineCountersAndRecount(eventId);

    expect(afterDone.stored).toEqual(afterDone.recount);
    expect(afterDone.recount.done).toBe(1);
    expect(reopened.data).toMatchObject({ status: 'in_progress', completion_date: null, due_date: '2027-06-01T09:00:00Z' });
    expect(afterReopen.stored).toEqual(afterReopen.recount);
    expect(afterReopen.recount.done).toBe(0);
  });

  it('answers 409 version_conflict for a stale If-Match', async () => {
    const item = (await addItem({ title: 'Versioned' })).data;
    await expectStatus(200, organizer, 'PUT', `/api/timeline/${item.id}`, { body: { notes: 'first' } });

    const body = await expectStatus(409, organizer, 'PUT', `/api/timeline/${item.id}`, { body: { notes: 'second' }, headers: { 'if-match': '1' } });

    expect(body.code).toBe('version_conflict');
  });

  it('answers 404 for an id that is not a timeline item', async () => {
    const body = await expectStatus(404, organizer, 'PUT', `/api/timeline/${eventId}${newId()}`, { body: { notes: 'x' } });

    expect(body.code).toBe('not_found');
  });
});

describe('DELETE /api/timeline/{id}', () => {
  it("removes the item from others' depends_on and fixes the counters in one go", async () => {
    const venue = (await addItem({ title: 'Venue' })).data;
    const menu = (await addItem({ title: 'Menu', depends_on: [venue.id] })).data;

    const body = await expectStatus(200, organizer, 'DELETE', `/api/timeline/${venue.id}`);

    expect(body.data).toEqual({ id: venue.id, deleted: true });
    const { body: timeline } = await call(organizer, 'GET', `/api/events/${eventId}/timeline`);
    const remaining = timeline.data.find((item: { id: string }) => item.id === menu.id);
    expect(remaining).toMatchObject({ depends_on: [], blocked: false, version: 2 });
    expect(timeline.data.some((item: { id: string }) => item.id === venue.id)).toBe(false);
    const { stored, recount } = await timelineCountersAndRecount(eventId);
    expect(stored).toEqual(recount);
  });
});

describe('default milestones and the event date', () => {
  type StoredItem = { id: string; due_date: string; status: string; days_before_event?: number; gsi2pk: string };
  const storedTimeline = async () =>
    (await collection(eventId)).filter((item) => String(item.sk).startsWith('TIMELINE#')) as unknown as StoredItem[];
  const byId = (items: StoredItem[]) => new Map(items.map((item) => [item.id, item]));
  const moveEvent = (event_date: string) => expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { event_date } });

  it('moves unedited unfinished defaults with a new date by their lead, in the same write as the counters', async () => {
    const [edited, finished, ...unedited] = await storedTimeline();
    await expectStatus(200, organizer, 'PUT', `/api/timeline/${edited!.id}`, { body: { due_date: '2027-03-03T10:00:00Z' } });
    await expectStatus(200, organizer, 'PUT', `/api/timeline/${finished!.id}`, { body: { status: 'completed' } });

    await moveEvent('2027-07-20T18:00:00Z');

    const after = byId(await storedTimeline());
    for (const item of unedited) {
      const moved = after.get(item.id)!;
      expect(moved.due_date).toBe(shiftLocalDays('2027-07-20T18:00:00Z', 'Europe/London', -item.days_before_event!));
      expect(moved.gsi2pk).toBe(dueKeys.partition(moved.due_date.slice(0, 10), moved.id));
    }
    expect(after.get(edited!.id)).toMatchObject({ due_date: '2027-03-03T10:00:00Z' });
    expect(after.get(edited!.id)!.days_before_event).toBeUndefined();
    expect(after.get(finished!.id)!.due_date).toBe(finished!.due_date);
    const { stored, recount } = await timelineCountersAndRecount(eventId);
    expect(stored).toEqual(recount);
  });

  it('stops moving an item whose due date the planner sent, even unchanged', async () => {
    const [pinned] = await storedTimeline();
    await expectStatus(200, organizer, 'PUT', `/api/timeline/${pinned!.id}`, { body: { due_date: pinned!.due_date } });

    await moveEvent('2027-08-20T18:00:00Z');

    expect(byId(await storedTimeline()).get(pinned!.id)!.due_date).toBe(pinned!.due_date);
  });

  it('writes nothing and answers stale when a milestone changed after it was read', async () => {
    const read = await listTimelineItems(eventId);
    const event = (await getItem(eventKeys.item(eventId))) as { version: number; timezone: string };
    await expectStatus(200, organizer, 'PUT', `/api/timeline/${read[0]!.id}`, { body: { notes: 'changed meanwhile' } });
    const moves = movedMilestones(read, '2027-07-20T18:00:00Z', event.timezone, new Date());

    const outcome = await saveEventEdits(eventId, event.version, { set: { event_date: '2027-07-20T18:00:00Z' }, remove: [] }, new Date(), [], moves);

    expect(outcome).toBe('stale');
    const after = byId(await storedTimeline());
    expect(read.every((item) => after.get(item.id)!.due_date === item.due_date)).toBe(true);
    expect(((await getItem(eventKeys.item(eventId))) as { version: number }).version).toBe(event.version);
  });

  it('scales the moved defaults into the time left when the new date is too near, never overdue', async () => {
    const eventDate = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

    await moveEvent(eventDate);

    const dues = (await storedTimeline()).sort((a, b) => b.days_before_event! - a.days_before_event!).map((item) => item.due_date);
    expect(dues[0]! > new Date().toISOString()).toBe(true);
    expect(dues.at(-1)! < eventDate).toBe(true);
    expect([...dues].sort()).toEqual(dues);
    const { stored, recount } = await timelineCountersAndRecount(eventId);
    expect(stored).toEqual(recount);
  });
});
