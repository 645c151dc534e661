import { beforeEach, describe, expect, it } from 'vitest';
import { checklistTemplates } from '../../shared/domain/checklist/templates.ts';
import { newId } from '../../shared/data/ids.ts';
import { dueKeys } from '../../shared/data/keys.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { addMember, collection, createEvent } from './events-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

let organizer: SignedInUser;
let eventId: string;

const addTask = (body: Record<string, unknown>) => expectStatus(201, organizer, 'POST', `/api/events/${eventId}/checklist`, { body });
const checklistItems = async () => (await collection(eventId)).filter((item) => String(item.sk).startsWith('CHECKLIST#'));

beforeEach(async () => {
  organizer = await signedInUser();
  eventId = (await createEvent(organizer)).id;
});

describe('POST /api/events/{id}/checklist', () => {
  it('adds one item, in the general category by default, indexed by its due day', async () => {
    const body = await addTask({ task: 'Buy stamps', due_date: '2027-05-02T10:00:00Z', notes: 'first class' });

    expect(body.data).toMatchObject({ task: 'Buy stamps', category: 'general', completed: false, completed_date: null, version: 1 });
    const [stored] = await checklistItems();
    expect(stored).toMatchObject({ gsi2pk: dueKeys.partition('2027-05-02', String(stored?.id)), type: 'checklistItem' });
  });

  it('applies a template once, never duplicating tasks already there (ignoring case)', async () => {
    const template = checklistTemplates.wedding;
    const first = template[0] as { category: string; task: string };
    await addTask({ category: first.category.toUpperCase(), task: first.task.toLowerCase() });

    const applied = await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { template: 'wedding' } });
    const again = await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { template: 'wedding' } });

    expect(applied.meta).toMatchObject({ added: template.length - 1, skipped: 1 });
    expect(again.meta).toMatchObject({ added: 0, skipped: template.length });
    expect(await checklistItems()).toHaveLength(template.length);
  });

  it('never duplicates when the same template is applied twice at once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => call(organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { template: 'party' } })));

    expect(results.every((result) => result.status === 201 || result.status === 409)).toBe(true);
    expect(await checklistItems()).toHaveLength(checklistTemplates.party.length);
  });

  it('lists every field problem at once and refuses template with task', async () => {
    const bad = await expectStatus(400, organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { category: '', due_date: 'tomorrow' } });
    const both = await expectStatus(400, organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { template: 'party', task: 'x' } });

    expect(bad.errors.map((problem: { path: string }) => problem.path).sort()).toEqual(['category', 'due_date', 'task']);
    expect(both.errors.map((problem: { path: string }) => problem.path)).toEqual(['template']);
  });

  it('accepts a team member id as assignee and refuses an id that is not on the team', async () => {
    const helper = await signedInUser();
    await addMember(eventId, helper.userId, 'assistant');

    const assigned = await addTask({ task: 'Call the florist', assigned_to: helper.userId });
    const refused = await expectStatus(400, organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { task: 'x', assigned_to: newId() } });

    expect(assigned.data.assigned_to).toBe(helper.userId);
    expect(refused.errors[0].path).toBe('assigned_to');
  });
});

describe('GET /api/events/{id}/checklist', () => {
  it('groups by category with counts and filters', async () => {
    const a = (await addTask({ category: 'venue', task: 'Book venue' })).data;
    await addTask({ category: 'venue', task: 'Visit venue', assigned_to: 'Sam' });
    await addTask({ category: 'food', task: 'Taste menu' });
    await expectStatus(200, organizer, 'PUT', `/api/checklist/${a.id}`, { body: { completed: true } });

    const all = await expectStatus(200, organizer, 'GET', `/api/events/${eventId}/checklist`);
    const open = await expectStatus(200, organizer, 'GET', `/api/events/${eventId}/checklist`, { query: { completed: 'false', category: 'VENUE' } });
    const sams = await expectStatus(200, organizer, 'GET', `/api/events/${eventId}/checklist`, { query: { assigned_to: 'sam' } });

    expect(all.data.map((group: { category: string; total: number; completed: number }) => [group.category, group.total, group.completed]))
      .toEqual([['food', 1, 0], ['venue', 2, 1]]);
    expect(all.meta.overall).toEqual({ total: 3, completed: 1, percent: 33.3 });
    expect(open.data).toHaveLength(1);
    expect(open.data[0].items.map((item: { task: string }) => item.task)).toEqual(['Visit venue']);
    expect(sams.meta).toMatchObject({ total: 1, completed: 0 });
  });
});

describe('PUT and DELETE /api/checklist/{id}', () => {
  it('ticks off (setting completed_date) and unticks (clearing it)', async () => {
    const item = (await addTask({ task: 'Tick me' })).data;

    const ticked = await expectStatus(200, organizer, 'PUT', `/api/checklist/${item.id}`, { body: { completed: true } });
    const unticked = await expectStatus(200, organizer, 'PUT', `/api/checklist/${item.id}`, { body: { completed: false, task: 'Tick me later' } });

    expect(ticked.data.completed_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(unticked.data).toMatchObject({ completed: false, completed_date: null, task: 'Tick me later', version: 3 });
  });

  it('refuses a stale version and deletes with an audit entry', async () => {
    const item = (await addTask({ task: 'Temporary' })).data;
    await expectStatus(200, organizer, 'PUT', `/api/checklist/${item.id}`, { body: { notes: 'changed' } });

    const stale = await expectStatus(409, organizer, 'DELETE', `/api/checklist/${item.id}`, { headers: { 'if-match': '1' } });
    const removed = await expectStatus(200, organizer, 'DELETE', `/api/checklist/${item.id}`);

    expect(stale.code).toBe('version_conflict');
    expect(removed.data).toEqual({ id: item.id, deleted: true });
    expect(await checklistItems()).toHaveLength(0);
    const activity = await expectStatus(200, organizer, 'GET', `/api/events/${eventId}/activity`);
    expect(activity.data.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['checklist.deleted', 'checklist.updated', 'checklist.created']));
  });
});
