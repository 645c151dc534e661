// @ts-nocheck
import { dueOnDayPages } from '#shared/data/due-items.ts';
import { eventSnapshot, noticePut } from '#shared/data/notices.ts';
import { duePaymentOf, dueTaskOf, loadReminderContext, recordReminder } from '#shared/data/reminders.ts';
import { type DigestEntry, digestDays, digestFor, isoWeek } from '#shared/domain/reminder-plan.ts';
import { inBatches, type RemindersRun } from './summary.ts';
import { REMINDERS_ACTOR } from './task-reminders.ts';

const EVENTS_PER_BATCH = 50;
const CONCURRENT_WRITES = 10;

/**
 * The weekly digest: the week's 7 day partitions are read page by page into entries per event (only
 * unfinished tasks and unpaid payments), then events are handled 50 at a time: one batched read of the
 * events and their digest records, one transaction per digest not yet recorded.
 */
export async function sendWeeklyDigests(now: Date, run: RemindersRun): Promise<void> {
  const week = isoWeek(now);
  const entriesByEvent = new Map<string, DigestEntry[]>();
  const add = (eventId: string, entry: DigestEntry) => entriesByEvent.set(eventId, [...(entriesByEvent.get(eventId) ?? []), entry]);
  for (const day of digestDays(now)) {
    for await (const page of dueOnDayPages(day)) {
      for (const item of page) {
        const task = dueTaskOf(item);
        if (task && !task.done) add(task.event_id, { kind: task.kind, id: task.id, title: task.title, due_date: task.due_date });
        const payment = duePaymentOf(item);
        if (payment) add(payment.event_id, { kind: 'payment', id: payment.id, title: payment.title, due_date: payment.due_date });
      }
    }
  }
  const eventIds = [...entriesByEvent.keys()];
  for (let start = 0; start < eventIds.length; start += EVENTS_PER_BATCH) {
    const batch = eventIds.slice(start, start + EVENTS_PER_BATCH);
    const key = `digest#${week}`;
    const context = await loadReminderContext(batch, [], batch.map((eventId) => ({ eventId, key })));
    await inBatches(batch, CONCURRENT_WRITES, async (eventId) => {
      const event = context.events.get(eventId);
      if (context.wasRecorded(eventId, key)) {
        run.already_sent += 1;
        return;
      }
      if (!event || event.deleting_at) {
        run.stale += 1;
        return;
      }
      const digest = digestFor(eventId, week, entriesByEvent.get(eventId) ?? [], event.rsvp_pending);
      const notice = noticePut({
        kind: 'weekly_digest', event_id: eventId, event: eventSnapshot(event), changes: [], actor_id: REMINDERS_ACTOR,
        recipient_user_ids: [event.organizer_id], details: digest,
      }, now);
      const outcome = await recordReminder({ eventId, key: digest.key, noticeId: notice.id, notice: notice.write, now });
      if (outcome === 'sent') run.sent.digest += 1;
      else if (outcome === 'already_sent') run.already_sent += 1;
      else run.stale += 1;
    });
  }
}
