import { eventSnapshot, noticePut } from '#shared/data/notices.ts';
import { type GroupEntry, loadReminderContext, recordReminder, recordReminderGroup } from '#shared/data/reminders.ts';
import { reminderRecipient, type TaskReminder } from '#shared/domain/reminder-plan.ts';
import type { EventRecord } from '#shared/domain/events/rules.ts';
import { memberMayRead } from '#shared/domain/visibility/rights.ts';
import { inBatches, type RemindersRun } from './summary.ts';

/** Who the notices say sent them: the job, not a person. */
export const REMINDERS_ACTOR = 'system:reminders';
const CONCURRENT_WRITES = 10;

/** One batched read for a set of reminders: their events, the assignees' memberships and the records so far. */
const contextOf = (reminders: TaskReminder[]) =>
  loadReminderContext(
    reminders.map(({ task }) => task.event_id),
    reminders.flatMap(({ task }) => (task.assigned_to ? [{ eventId: task.event_id, userId: task.assigned_to }] : [])),
    reminders.map(({ task, key }) => ({ eventId: task.event_id, key })),
  );

/**
 * Sends one page's owed due-soon reminders (overdue ones go grouped: sendOverdueReminders): one batched read of the events, assignees' memberships and
 * existing records, then one transaction per reminder not yet recorded (record + notice + checks).
 */
export async function sendTaskReminders(reminders: TaskReminder[], now: Date, run: RemindersRun): Promise<void> {
  if (reminders.length === 0) return;
  const context = await contextOf(reminders);
  await inBatches(reminders, CONCURRENT_WRITES, async (reminder) => {
    const { task, key, type } = reminder;
    const event = context.events.get(task.event_id);
    if (context.wasRecorded(task.event_id, key)) {
      run.already_sent += 1;
      return;
    }
    if (!event || event.deleting_at) {
      run.stale += 1;
      return;
    }
    const recipient = reminderRecipient(task, event.organizer_id, (userId) => memberMayRead(context.memberOf(task.event_id, userId), task.kind));
    const notice = noticePut({
      kind: 'task_reminder',
      event_id: event.id,
      event: eventSnapshot(event),
      changes: [],
      actor_id: REMINDERS_ACTOR,
      recipient_user_ids: [recipient],
      details: taskDetails(type, task),
    }, now);
    const outcome = await recordReminder({ eventId: event.id, key, task, noticeId: notice.id, notice: notice.write, now });
    if (outcome === 'sent') run.sent[type] += 1;
    else if (outcome === 'already_sent') run.already_sent += 1;
    else run.stale += 1;
  });
}

/** Overdue items one notice may name: each takes two items of its transaction (record, still-open check). */
const OVERDUE_PER_NOTICE = 40;

/**
 * The run's overdue reminders (gathered from every page), one notice per event and person naming all of
 * that person's overdue items: a planner behind on ten items gets one email, not ten. Each item keeps its
 * own once-only record, written with the notice, so a rerun names none of them again.
 */
export async function sendOverdueReminders(reminders: TaskReminder[], now: Date, run: RemindersRun): Promise<void> {
  if (reminders.length === 0) return;
  const context = await contextOf(reminders);
  const groups = new Map<string, { event: EventRecord; recipient: string; entries: GroupEntry[] }>();
  for (const { task, key } of reminders) {
    const event = context.events.get(task.event_id);
    if (context.wasRecorded(task.event_id, key)) run.already_sent += 1;
    else if (!event || event.deleting_at) run.stale += 1;
    else {
      const recipient = reminderRecipient(task, event.organizer_id, (userId) => memberMayRead(context.memberOf(task.event_id, userId), task.kind));
      const group = groups.get(`${event.id}|${recipient}`) ?? { event, recipient, entries: [] };
      group.entries.push({ key, task });
      groups.set(`${event.id}|${recipient}`, group);
    }
  }
  const chunks = [...groups.values()].flatMap((group) =>
    Array.from({ length: Math.ceil(group.entries.length / OVERDUE_PER_NOTICE) }, (_, index) => ({ ...group, entries: group.entries.slice(index * OVERDUE_PER_NOTICE, (index + 1) * OVERDUE_PER_NOTICE) })));
  await inBatches(chunks, CONCURRENT_WRITES, async ({ event, recipient, entries }) => {
    const outcome = await recordReminderGroup({
      eventId: event.id,
      entries,
      now,
      notice: (named) => noticePut({
        kind: 'task_reminder', event_id: event.id, event: eventSnapshot(event), changes: [], actor_id: REMINDERS_ACTOR, recipient_user_ids: [recipient],
        details: named.length === 1
          ? taskDetails('overdue', (named[0] as GroupEntry).task)
          : { reminder: 'overdue', tasks: named.map(({ task }) => taskDetails('overdue', task)) },
      }, now),
    });
    run.sent.overdue += outcome.sent.length;
    run.already_sent += outcome.already_sent.length;
    run.stale += outcome.stale.length;
  });
}

const taskDetails = (type: TaskReminder['type'], task: TaskReminder['task']) =>
  ({ reminder: type, item_kind: task.kind, item_id: task.id, title: task.title, due_date: task.due_date });
