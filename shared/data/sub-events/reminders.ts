import { utcDay } from '../../domain/events/rules.ts';
import type { SubEventRecord } from '../../domain/sub-events/rules.ts';
import { type SubEventReminder, subEventDayBefore } from '../../domain/sub-events/reminders.ts';
import type { DayIndexedItem } from '../due-items.ts';
import { dueKeys, subEventKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * The marker that puts a sub-event's day-before reminder in the per-day index (GSI2 `DUE#<day>#<shard>`),
 * where the reminders job finds it without a Scan; written in the sub-event's own create / update
 * transaction and deleted with it (data model SE7), so it never disagrees with the sub-event.
 */
const MARKER_TYPE = 'subEventReminderDue';

/** The Put (overwrite) of the sub-event's marker as it will be stored. */
export function subEventReminderWrite(subEvent: SubEventRecord, timezone: string): TransactItem {
  const reminder = subEventDayBefore(subEvent, timezone);
  return {
    Put: {
      Item: {
        ...subEventKeys.reminderMarker(subEvent.event_id, subEvent.id),
        type: MARKER_TYPE,
        ...reminder,
        gsi2pk: dueKeys.partition(utcDay(reminder.remind_at), subEvent.event_id),
        gsi2sk: dueKeys.sort(reminder.remind_at, subEventKeys.reminderDueKind, subEvent.id),
      },
    },
  };
}

/** The Delete of a sub-event's marker (a no-op when there is none). */
export const subEventReminderDelete = (eventId: string, subEventId: string): TransactItem => ({ Delete: { Key: subEventKeys.reminderMarker(eventId, subEventId) } });

/** A marker found in a day partition, or null for any other kind of item. */
export function subEventReminderOf(item: DayIndexedItem): SubEventReminder | null {
  if (item.type !== MARKER_TYPE) return null;
  return { event_id: String(item.event_id), sub_event_id: String(item.sub_event_id), remind_at: String(item.remind_at), until: String(item.until), key: String(item.key) };
}

/** The marker still says the same reminder is owed (the sub-event was not moved or deleted since the index was read). */
export const subEventReminderStillOwed = (reminder: SubEventReminder): TransactItem => ({
  ConditionCheck: {
    Key: subEventKeys.reminderMarker(reminder.event_id, reminder.sub_event_id),
    ConditionExpression: '#key = :key',
    ExpressionAttributeNames: { '#key': 'key' },
    ExpressionAttributeValues: { ':key': reminder.key },
  },
});
