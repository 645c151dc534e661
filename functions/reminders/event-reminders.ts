import { stillOwed } from '#shared/data/events/reminders.ts';
import { eventSnapshot, type GuestStatusAudience, type NoticeKind, noticePut } from '#shared/data/notices.ts';
import { loadReminderContext, recordReminder } from '#shared/data/reminders.ts';
import type { EventReminder, EventReminderType } from '#shared/domain/events/reminders.ts';
import { inBatches, type RemindersRun } from './summary.ts';
import { REMINDERS_ACTOR } from './task-reminders.ts';

const CONCURRENT_WRITES = 10;

/** Who each guest reminder is for, resolved by the outbox sender from the guest list when it sends. */
const noticeOf: Record<EventReminderType, { kind: NoticeKind; audience: GuestStatusAudience }> = {
  rsvp_reminder: { kind: 'rsvp_reminder', audience: 'guests_answer_pending' },
  day_before: { kind: 'day_before_reminder', audience: 'guests_attending' },
};

/**
 * Records one page's owed guest reminders (RSVP and day-before): one batched read of the events and
 * existing records, then one transaction per reminder not yet recorded: record + notice + the marker
 * still saying the same reminder is owed (so a cancellation or a moved date since the read wins).
 */
export async function sendEventReminders(reminders: EventReminder[], now: Date, run: RemindersRun): Promise<void> {
  if (reminders.length === 0) return;
  const context = await loadReminderContext(
    reminders.map((reminder) => reminder.event_id),
    [],
    reminders.map((reminder) => ({ eventId: reminder.event_id, key: reminder.key })),
  );
  await inBatches(reminders, CONCURRENT_WRITES, async (reminder) => {
    const event = context.events.get(reminder.event_id);
    if (context.wasRecorded(reminder.event_id, reminder.key)) {
      run.already_sent += 1;
      return;
    }
    if (!event || event.deleting_at || event.status === 'cancelled' || event.status === 'completed') {
      run.stale += 1;
      return;
    }
    const { kind, audience } = noticeOf[reminder.reminder];
    const notice = noticePut({
      kind, audience, event_id: event.id, event: eventSnapshot(event), changes: [], actor_id: REMINDERS_ACTOR,
      details: {
        reminder: reminder.reminder,
        ...(reminder.reminder === 'rsvp_reminder' ? { rsvp_deadline: reminder.until } : {}),
        description: event.description,
      },
    }, now);
    const outcome = await recordReminder({
      eventId: event.id, key: reminder.key, stillOwed: stillOwed(reminder), noticeId: notice.id, notice: notice.write, now,
    });
    if (outcome === 'sent') run.sent[reminder.reminder] += 1;
    else if (outcome === 'already_sent') run.already_sent += 1;
    else run.stale += 1;
  });
}
