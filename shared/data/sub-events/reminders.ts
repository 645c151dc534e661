import { utcDay } from '../../domain/events/rules.ts';
import type { SubEventRecord } from '../../domain/sub-events/rules.ts';
import { type SubEventReminder, subEventDayBefore } from '../../domain/sub-events/reminders.ts';
import type { DayIndexedItem } from '../due-items.ts';
import { childKeys, dueKeys, eventKeys, subEventKeys } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * The marker that puts a sub-event's day-before reminder in the per-day index (GSI2 `DUE#<day>#<shard>`),
 * where the reminders job finds it without a Scan; written in the sub-event's own create / update
 * transaction and deleted with it (data model SE7), so it never disagrees with the sub-event.
 */
const MARKER_TYPE = 'subEventReminderDue';

/** The sub-event's marker as it is stored, filed in `timezone`. */
function subEventReminderItem(subEvent: SubEventRecord, timezone: string): Record<string, unknown> {
  const reminder = subEventDayBefore(subEvent, timezone);
  return {
    ...subEventKeys.reminderMarker(subEvent.event_id, subEvent.id),
    type: MARKER_TYPE,
    ...reminder,
    gsi2pk: dueKeys.partition(utcDay(reminder.remind_at), subEvent.event_id),
    gsi2sk: dueKeys.sort(reminder.remind_at, subEventKeys.reminderDueKind, subEvent.id),
  };
}

/** The Put (overwrite) of the sub-event's marker as it will be stored. */
export const subEventReminderWrite = (subEvent: SubEventRecord, timezone: string): TransactItem => ({ Put: { Item: subEventReminderItem(subEvent, timezone) } });

/**
 * A moved sub-event's marker, filed in the event's zone as read: with a check that the zone is still that
 * one (a zone change in between moved the markers it saw; this one must not land in the old zone after it).
 */
export const movedSubEventReminderWrites = (subEvent: SubEventRecord, timezone: string): TransactItem[] => [subEventReminderWrite(subEvent, timezone), eventZoneStill(subEvent.event_id, timezone)];

const eventZoneStill = (eventId: string, timezone: string): TransactItem => ({
  ConditionCheck: {
    Key: eventKeys.item(eventId),
    ConditionExpression: '#timezone = :timezone',
    ExpressionAttributeNames: { '#timezone': 'timezone' },
    ExpressionAttributeValues: { ':timezone': timezone },
  },
});

/**
 * The event's time zone changed: every sub-event's marker filed again in the new zone, in the change's own
 * transaction, each over the sub-event's version as read (a sub-event moved or deleted meanwhile fails the
 * change, which is read again). With the event's `sub_event_count` as read (saveEventEdits) and the zone
 * checked by every create and move, no marker is left in the old zone. Two items per sub-event, at most 40.
 */
export const subEventRemindersInZone = (subEvents: SubEventRecord[], timezone: string): TransactItem[] => subEvents.flatMap((subEvent) => [
  {
    ConditionCheck: {
      Key: childKeys.item('subEvent', subEvent.event_id, subEvent.id),
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': subEvent.version },
    },
  },
  subEventReminderWrite(subEvent, timezone),
]);

/**
 * The marker of a sub-event that has none (data migration 0005): written only while there is still none,
 * the sub-event is as read (same version: not moved or deleted since) and its event is in `timezone` (not
 * re-zoned since). False when any of these changed: the write that changed it filed the marker.
 */
export async function writeMissingSubEventReminder(subEvent: SubEventRecord, timezone: string): Promise<boolean> {
  try {
    await transact([
      { Put: { Item: subEventReminderItem(subEvent, timezone), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        ConditionCheck: {
          Key: childKeys.item('subEvent', subEvent.event_id, subEvent.id),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': subEvent.version },
        },
      },
      eventZoneStill(subEvent.event_id, timezone),
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
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
