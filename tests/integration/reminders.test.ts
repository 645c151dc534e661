import { describe, expect, it } from 'vitest';
import { runReminders } from '../../functions/reminders/handler.ts';
import { listEventNotices, type NoticeRecord } from '../../shared/data/notices.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent, weddingInput } from './events-fixtures.ts';
import { expectStatus } from './timeline-fixtures.ts';

/**
 * The reminders job with the clock moved by hand. Each test uses its own days (all far from the real
 * clock and from the events' default milestones), so the per-day partitions do not overlap.
 */
const at = (iso: string) => new Date(iso);
const hoursBefore = (iso: string, hours: number) => new Date(Date.parse(iso) - hours * 3_600_000);

async function plannedEvent(organizer: SignedInUser) {
  return (await createEvent(organizer, { ...weddingInput, event_date: '2034-06-20T18:00:00Z' })).id as string;
}

const remindersOf = async (eventId: string, kind: NoticeRecord['kind'] = 'task_reminder') =>
  (await listEventNotices(eventId)).filter((notice) => notice.kind === kind);

describe('task reminders', () => {
  it('sends a due-soon reminder once, then an overdue one once, however often the job runs', async () => {
    const organizer = await signedInUser();
    const eventId = await plannedEvent(organizer);
    const due = '2032-02-10T15:00:00Z';
    const item = (await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'Pay the band', due_date: due } })).data;

    const tooEarly = await runReminders(hoursBefore(due, 30));
    const first = await runReminders(hoursBefore(due, 10));
    const rerun = await runReminders(hoursBefore(due, 9));
    const overdue = await runReminders(at('2032-02-10T16:00:00Z'));
    const overdueRerun = await runReminders(at('2032-02-10T20:00:00Z'));

    expect(tooEarly.sent.due_soon).toBe(0);
    expect(first.sent).toMatchObject({ due_soon: 1, overdue: 0 });
    expect(rerun.sent).toMatchObject({ due_soon: 0, overdue: 0 });
    expect(rerun.already_sent).toBe(1);
    expect(overdue.sent.overdue).toBe(1);
    expect(overdueRerun.sent.overdue).toBe(0);
    const notices = await remindersOf(eventId);
    expect(notices.map((notice) => notice.details?.reminder).sort()).toEqual(['due_soon', 'overdue']);
    expect(notices[0]).toMatchObject({ recipient_user_ids: [organizer.userId], audience: 'team_members', details: { item_id: item.id, title: 'Pay the band' } });
  });

  it('groups one person’s overdue items of a run into one notice, and names none of them again', async () => {
    const organizer = await signedInUser();
    const eventId = await plannedEvent(organizer);
    const dues = ['2032-03-10T09:00:00Z', '2032-03-10T11:00:00Z', '2032-03-10T13:00:00Z'];
    for (const [index, due] of dues.entries()) {
      await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: `Task ${index}`, due_date: due } });
    }

    const run = await runReminders(at('2032-03-10T14:00:00Z'));
    const rerun = await runReminders(at('2032-03-10T15:00:00Z'));
    const overdue = (await remindersOf(eventId)).filter((notice) => notice.details?.reminder === 'overdue');

    expect(run.sent.overdue).toBe(3);
    expect(rerun.sent.overdue).toBe(0);
    expect(overdue).toHaveLength(1);
    expect((overdue[0]?.details?.tasks as { title: string }[]).map((task) => task.title).sort()).toEqual(['Task 0', 'Task 1', 'Task 2']);
    expect(overdue[0]?.recipient_user_ids).toEqual([organizer.userId]);
  });

  it('sends exactly once when two runs race', async () => {
    const organizer = await signedInUser();
    const eventId = await plannedEvent(organizer);
    await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { task: 'Collect the rings', due_date: '2032-03-09T12:00:00Z' } });

    const runs = await Promise.all([1, 2, 3].map(() => runReminders(at('2032-03-09T08:00:00Z'))));

    expect(runs.reduce((sum, run) => sum + run.sent.due_soon, 0)).toBe(1);
    expect(await remindersOf(eventId)).toHaveLength(1);
  });

  it('reminds the assignee when they are on the team, and never reminds of finished items', async () => {
    const organizer = await signedInUser();
    const helper = await signedInUser();
    const eventId = await plannedEvent(organizer);
    await addMember(eventId, helper.userId, 'assistant');
    const due = '2032-04-13T10:00:00Z';
    await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'Helper task', due_date: due, assigned_to: helper.userId } });
    await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'Named task', due_date: due, assigned_to: 'Uncle Bob' } });
    const done = (await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { task: 'Done already', due_date: due } })).data;
    await expectStatus(200, organizer, 'PUT', `/api/checklist/${done.id}`, { body: { completed: true } });

    const run = await runReminders(hoursBefore(due, 2));

    expect(run.sent.due_soon).toBe(2);
    const recipients = Object.fromEntries((await remindersOf(eventId)).map((notice) => [notice.details?.title, notice.recipient_user_ids]));
    expect(recipients).toEqual({ 'Helper task': [helper.userId], 'Named task': [organizer.userId] });
  });

  it('reminds the organizer instead of an assignee who may not read the task\'s area (docs/area-visibility.md)', async () => {
    const organizer = await signedInUser();
    const narrowed = await signedInUser();
    const eventId = await plannedEvent(organizer);
    await addMember(eventId, narrowed.userId, 'assistant', { timeline: 'none' });
    const due = '2032-04-15T10:00:00Z';
    await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'Secret timeline task', due_date: due, assigned_to: narrowed.userId } });
    await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { task: 'Checklist task', due_date: due, assigned_to: narrowed.userId } });

    await runReminders(hoursBefore(due, 2));

    const recipients = Object.fromEntries((await remindersOf(eventId)).map((notice) => [notice.details?.title, notice.recipient_user_ids]));
    expect(recipients).toEqual({ 'Secret timeline task': [organizer.userId], 'Checklist task': [narrowed.userId] });
  });
});

describe('weekly digest', () => {
  it("sends the organizer one digest of the week's items on Monday, once per week", async () => {
    const organizer = await signedInUser();
    const eventId = await plannedEvent(organizer);
    await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'This week', due_date: '2032-05-20T10:00:00Z' } });
    await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { task: 'Also this week', due_date: '2032-05-22T10:00:00Z' } });
    await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'Next week', due_date: '2032-05-25T10:00:00Z' } });

    const monday = await runReminders(at('2032-05-17T06:00:00Z'));
    const laterMonday = await runReminders(at('2032-05-17T18:00:00Z'));

    expect(monday.sent.digest).toBe(1);
    expect(laterMonday.sent.digest).toBe(0);
    const [digest] = await remindersOf(eventId, 'weekly_digest');
    expect(digest?.recipient_user_ids).toEqual([organizer.userId]);
    const details = digest?.details as { week: string; items_due: { title: string }[]; rsvp_pending: number };
    expect(details.week).toBe('2032-W21');
    expect(details.items_due.map((entry) => entry.title)).toEqual(['This week', 'Also this week']);
    expect(details.rsvp_pending).toBe(0);
  });
});
