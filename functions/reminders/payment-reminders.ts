import { eventSnapshot, noticePut } from '#shared/data/notices.ts';
import { loadReminderContext, recordReminder } from '#shared/data/reminders.ts';
import { paymentStillOwed } from '#shared/data/vendor-payments/reminders.ts';
import { toMajorUnits } from '#shared/domain/money.ts';
import type { PaymentReminder } from '#shared/domain/vendor-payments/reminders.ts';
import { memberMayRead } from '#shared/domain/visibility/rights.ts';
import { inBatches, type RemindersRun } from './summary.ts';
import { REMINDERS_ACTOR } from './task-reminders.ts';

const CONCURRENT_WRITES = 10;

/**
 * Records one page's owed vendor payment reminders (an installment due in 7 days, or overdue): one
 * batched read of the events, the assignees' memberships and the existing records, then one transaction
 * per reminder not yet recorded: record + notice to the organizer (and the plan's assignee while on the
 * team with budget read) + the marker still saying it is owed (a payment in full since deleted it).
 */
export async function sendPaymentReminders(reminders: PaymentReminder[], now: Date, run: RemindersRun): Promise<void> {
  if (reminders.length === 0) return;
  const context = await loadReminderContext(
    reminders.map((reminder) => reminder.event_id),
    reminders.flatMap((reminder) => (reminder.assignee_id ? [{ eventId: reminder.event_id, userId: reminder.assignee_id }] : [])),
    reminders.map((reminder) => ({ eventId: reminder.event_id, key: reminder.key })),
  );
  await inBatches(reminders, CONCURRENT_WRITES, async (reminder) => {
    const event = context.events.get(reminder.event_id);
    if (context.wasRecorded(reminder.event_id, reminder.key)) {
      run.already_sent += 1;
      return;
    }
    if (!event || event.deleting_at) {
      run.stale += 1;
      return;
    }
    const assignee = reminder.assignee_id && reminder.assignee_id !== event.organizer_id && memberMayRead(context.memberOf(event.id, reminder.assignee_id), 'budget')
      ? [reminder.assignee_id]
      : [];
    const amount = toMajorUnits(reminder.amount_minor, reminder.currency);
    const notice = noticePut({
      kind: 'task_reminder', event_id: event.id, event: eventSnapshot(event), changes: [], actor_id: REMINDERS_ACTOR,
      recipient_user_ids: [event.organizer_id, ...assignee],
      details: {
        reminder: reminder.reminder, item_kind: 'vendor_payment', item_id: reminder.installment_id, vendor_id: reminder.vendor_id,
        title: `${reminder.title} (${amount} ${reminder.currency} outstanding)`, due_date: reminder.due_date, amount, currency: reminder.currency,
      },
    }, now);
    const outcome = await recordReminder({ eventId: event.id, key: reminder.key, stillOwed: paymentStillOwed(reminder), noticeId: notice.id, notice: notice.write, now });
    if (outcome === 'sent') run.sent[reminder.reminder === 'due_soon' ? 'payment_due_soon' : 'payment_overdue'] += 1;
    else if (outcome === 'already_sent') run.already_sent += 1;
    else run.stale += 1;
  });
}
