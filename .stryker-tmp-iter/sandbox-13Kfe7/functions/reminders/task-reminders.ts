// @ts-nocheck
import { eventSnapshot, noticePut } from '#shared/data/notices.ts';
import { loadReminderContext, recordReminder } from '#shared/data/reminders.ts';
import { reminderRecipient, type TaskReminder } from '#shared/domain/reminder-plan.ts';
import { inBatches, type RemindersRun } from './summary.ts';

/** Who the notices say sent them: the job, not a person. */
export const REMINDERS_ACTOR = 'system:reminders';
const CONCURRENT_WRITES = 10;

/**
 * Sends one page's owed task reminders: one batched read of the events, assignees' memberships and
 * existing records, then one transaction per reminder not yet recorded (record + notice + checks).
 */
export async function sendTaskReminders(reminders: TaskReminder[], now: Date, run: RemindersRun): Promise<void> {
  if (reminders.length === 0) return;
  const context = await loadReminderContext(
    reminders.map(({ task }) => task.event_id),
    reminders.flatMap(({ task }) => (task.assigned_to ? [{ eventId: task.event_id, userId: task.assigned_to }] : [])),
    reminders.map(({ task, key }) => ({ eventId: task.event_id, key })),
  );
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
    const recipient = reminderRecipient(task, event.organizer_id, (userId) => context.isMember(task.event_id, userId));
    const notice = noticePut({
      kind: 'task_reminder',
      event_id: event.id,
      event: eventSnapshot(event),
      changes: [],
      actor_id: REMINDERS_ACTOR,
      recipient_user_ids: [recipient],
      details: { reminder: type, item_kind: task.kind, item_id: task.id, title: task.title, due_date: task.due_date },
    }, now);
    const outcome = await recordReminder({ eventId: event.id, key, task, noticeId: notice.id, notice: notice.write, now });
    if (outcome === 'sent') run.sent[type] += 1;
    else if (outcome === 'already_sent') run.already_sent += 1;
    else run.stale += 1;
  });
}
