import { batchGetAll } from '#shared/data/collection.ts';
import { getEventsByIds } from '#shared/data/events/records.ts';
import { childKeys } from '#shared/data/keys.ts';
import { eventSnapshot, noticePut } from '#shared/data/notices.ts';
import { recordReminder } from '#shared/data/reminders.ts';
import { subEventReminderStillOwed } from '#shared/data/sub-events/reminders.ts';
import { subEventFromItem } from '#shared/data/sub-events/records.ts';
import type { SubEventReminder } from '#shared/domain/sub-events/reminders.ts';
import { inBatches, type RemindersRun } from './summary.ts';
import { REMINDERS_ACTOR } from './task-reminders.ts';

const CONCURRENT_WRITES = 10;

/**
 * Records one page's owed sub-event day-before reminders (docs/sub-events.md): one batched read of the
 * events and sub-events, then one transaction per reminder: its once-only record, a `day_before_reminder`
 * notice for the guests attending the sub-event when it is sent (`sub_event_attending`, naming the
 * sub-event in `details.sub_event`), the event live and the marker still saying the same reminder.
 */
export async function sendSubEventReminders(reminders: SubEventReminder[], now: Date, run: RemindersRun): Promise<void> {
  if (reminders.length === 0) return;
  const [events, subEventItems] = await Promise.all([
    getEventsByIds([...new Set(reminders.map((reminder) => reminder.event_id))]),
    batchGetAll(reminders.map((reminder) => childKeys.item('subEvent', reminder.event_id, reminder.sub_event_id))),
  ]);
  const eventsById = new Map(events.map((event) => [event.id, event]));
  const subEvents = new Map(subEventItems.map(subEventFromItem).map((subEvent) => [subEvent.id, subEvent]));
  await inBatches(reminders, CONCURRENT_WRITES, async (reminder) => {
    const event = eventsById.get(reminder.event_id);
    const subEvent = subEvents.get(reminder.sub_event_id);
    if (!event || !subEvent || event.deleting_at || event.status === 'cancelled' || event.status === 'completed') {
      run.stale += 1;
      return;
    }
    const { id, title, starts_at, ends_at, location_name, location_address } = subEvent;
    const notice = noticePut({
      kind: 'day_before_reminder', audience: 'sub_event_attending', event_id: event.id, event: eventSnapshot(event), changes: [], actor_id: REMINDERS_ACTOR,
      details: {
        reminder: 'sub_event_day_before',
        sub_event: { id, title, starts_at, ...(ends_at ? { ends_at } : {}), ...(location_name ? { location_name } : {}), ...(location_address ? { location_address } : {}) },
      },
    }, now);
    const outcome = await recordReminder({ eventId: event.id, key: reminder.key, stillOwed: subEventReminderStillOwed(reminder), noticeId: notice.id, notice: notice.write, now });
    if (outcome === 'sent') run.sent.sub_event_day_before += 1;
    else if (outcome === 'already_sent') run.already_sent += 1;
    else run.stale += 1;
  });
}
