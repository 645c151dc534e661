import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { dueOnDayPages } from '#shared/data/due-items.ts';
import { eventReminderOf } from '#shared/data/events/reminders.ts';
import { dueTaskOf } from '#shared/data/reminders.ts';
import { paymentReminderOf } from '#shared/data/vendor-payments/reminders.ts';
import { isPaymentReminderOwed, type PaymentReminder } from '#shared/domain/vendor-payments/reminders.ts';
import { type EventReminder, isEventReminderOwed } from '#shared/domain/events/reminders.ts';
import { isDigestDay, reminderDays, reminderFor, type TaskReminder } from '#shared/domain/reminder-plan.ts';
import { createLogger } from '#shared/logger.ts';
import { sendWeeklyDigests } from './digests.ts';
import { sendEventReminders } from './event-reminders.ts';
import { sendSubEventReminders } from './sub-event-reminders.ts';
import { subEventReminderOf } from '#shared/data/sub-events/reminders.ts';
import type { SubEventReminder } from '#shared/domain/sub-events/reminders.ts';
import { sendPaymentReminders } from './payment-reminders.ts';
import { emptyRun, type RemindersRun } from './summary.ts';
import { sendOverdueReminders, sendTaskReminders } from './task-reminders.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

export type { RemindersRun };

/**
 * Every 15 minutes (and on demand: `npm run schedule:run -- reminders`): the task reminders owed now,
 * the events' guest reminders (RSVP, day-before: shared/domain/events/reminders.ts), each sub-event's day-before
 * reminder (shared/domain/sub-events/reminders.ts) and the vendors' installment
 * reminders (due in 7 days, overdue: shared/domain/vendor-payments/reminders.ts), found page by
 * page in the per-day index (GSI2 `DUE#<day>#<shard>`, every shard read and merged) for yesterday, today and tomorrow (UTC), never by a Scan;
 * on Mondays also the weekly digests. Overdue items go one notice per event and person per run. Every reminder is recorded with its outbox notice
 * in one transaction, so a rerun or a retry never sends one twice. The clock is a parameter: EventBridge's
 * scheduled time in AWS, any instant in tests. Rules: shared/domain/reminder-plan.ts.
 */
export async function runReminders(now: Date, requestId: string = randomUUID()): Promise<RemindersRun> {
  const run = emptyRun();
  // Gathered over every page, then sent one notice per event and person.
  const overdue: TaskReminder[] = [];
  for (const day of reminderDays(now)) {
    let due = 0;
    for await (const page of dueOnDayPages(day)) {
      due += page.length;
      const owed = page.flatMap((item) => {
        const task = dueTaskOf(item);
        const reminder = task ? reminderFor(task, now) : null;
        return reminder ? [reminder] : ([] as TaskReminder[]);
      });
      await sendTaskReminders(owed.filter((reminder) => reminder.type === 'due_soon'), now, run);
      overdue.push(...owed.filter((reminder) => reminder.type === 'overdue'));
      const owedToGuests = page.flatMap((item) => {
        const reminder = eventReminderOf(item);
        return reminder && isEventReminderOwed(reminder, now) ? [reminder] : ([] as EventReminder[]);
      });
      await sendEventReminders(owedToGuests, now, run);
      const owedForSubEvents = page.flatMap((item) => {
        const reminder = subEventReminderOf(item);
        return reminder && isEventReminderOwed(reminder, now) ? [reminder] : ([] as SubEventReminder[]);
      });
      await sendSubEventReminders(owedForSubEvents, now, run);
      const owedForPayments = page.flatMap((item) => {
        const reminder = paymentReminderOf(item);
        return reminder && isPaymentReminderOwed(reminder, now) ? [reminder] : ([] as PaymentReminder[]);
      });
      await sendPaymentReminders(owedForPayments, now, run);
    }
    run.days.push({ day, due });
  }
  await sendOverdueReminders(overdue, now, run);
  if (isDigestDay(now)) await sendWeeklyDigests(now, run);
  createLogger({ requestId, job: 'reminders' }, config().LOG_LEVEL).info('reminders run', { runAt: now.toISOString(), ...run });
  return run;
}

/** EventBridge's `time` is when the run was scheduled, so a retried run looks at the same days. */
const handle = async (event: ScheduledEvent, context: Context): Promise<void> => {
  const scheduled = new Date(event.time);
  await runReminders(Number.isNaN(scheduled.getTime()) ? new Date() : scheduled, context.awsRequestId);
};

export const handler = tracedHandler(handle);
