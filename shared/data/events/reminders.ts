import { config } from '../../config.ts';
import { type EventReminder, eventReminders, eventReminderTypes, type EventReminderType } from '../../domain/events/reminders.ts';
import type { EventRecord } from '../../domain/events/rules.ts';
import { utcDay } from '../../domain/events/rules.ts';
import type { DayIndexedItem } from '../due-items.ts';
import { dueKeys, eventReminderKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * The markers that put an event's guest reminders in the per-day index (GSI2 `DUE#<day>#<shard>`), where the
 * reminders job finds them without a Scan. Their writes join the event's own create or update
 * transaction, so a marker never disagrees with the event it describes.
 */

const MARKER_TYPE = 'eventReminderDue';

/**
 * The writes that make the markers match `event` as it will be stored: a Put (overwrite) for each
 * reminder it owes, a Delete for each it no longer owes (a cancelled event, a removed deadline).
 * Deleting a marker that does not exist is a no-op, so these are safe on a first write too.
 */
export function eventReminderWrites(event: EventRecord): TransactItem[] {
  const owed = new Map(eventReminders(event, config().RSVP_REMINDER_DAYS_BEFORE).map((reminder) => [reminder.reminder, reminder]));
  return eventReminderTypes.map((type): TransactItem => {
    const reminder = owed.get(type);
    const key = eventReminderKeys.marker(event.id, type);
    if (!reminder) return { Delete: { Key: key } };
    return {
      Put: {
        Item: {
          ...key,
          type: MARKER_TYPE,
          ...reminder,
          gsi2pk: dueKeys.partition(utcDay(reminder.remind_at), event.id),
          gsi2sk: dueKeys.sort(reminder.remind_at, eventReminderKeys.dueKind(type), event.id),
        },
      },
    };
  });
}

/** A marker found in a day partition, or null for any other kind of item. */
export function eventReminderOf(item: DayIndexedItem): EventReminder | null {
  if (item.type !== MARKER_TYPE || !eventReminderTypes.includes(item.reminder as EventReminderType)) return null;
  return {
    reminder: item.reminder as EventReminderType,
    event_id: String(item.event_id),
    remind_at: String(item.remind_at),
    until: String(item.until),
    key: String(item.key),
  };
}

/**
 * The marker still says the same reminder is owed: the index is eventually consistent, and the event may
 * have been cancelled or moved (which deletes or rewrites the marker) since the day partition was read.
 */
export const stillOwed = (reminder: EventReminder): TransactItem => ({
  ConditionCheck: {
    Key: eventReminderKeys.marker(reminder.event_id, reminder.reminder),
    ConditionExpression: '#key = :key',
    ExpressionAttributeNames: { '#key': 'key' },
    ExpressionAttributeValues: { ':key': reminder.key },
  },
});
