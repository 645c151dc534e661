import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SubEventRecord } from '../../domain/sub-events/rules.ts';
import { db, tableName } from '../client.ts';
import { eventKeys } from '../keys.ts';
import { writeMissingSubEventReminder } from '../sub-events/reminders.ts';
import { migrationIds } from './ids.ts';
import type { Migration } from './migration.ts';

/**
 * Issue 17: sub-events created before their day-before reminder had a marker (`SUBREMINDER#<id>`, data
 * model SE7) get it, filed in their event's zone as a create files it (subEventReminderWrite). A Scan
 * filter cannot see whether another item exists, so it keeps every sub-event and the step writes the
 * marker only where there is none: a second run, or a sub-event created, moved or re-zoned meanwhile
 * (whose own write filed it), writes nothing (`changed_meanwhile`). Reads one event per sub-event
 * (at most 20 sub-events an event).
 */
export const subEventRemindersMigration: Migration = {
  id: migrationIds.subEventReminders,
  description: 'sub-events get their day-before reminder marker (SUBREMINDER#, GSI2 by day)',
  filter: {
    expression: '#type = :subEvent',
    names: { '#type': 'type' },
    values: { ':subEvent': 'sub_event' },
  },
  concurrency: 10,
  migrate: async (item) => {
    const event = await db().send(new GetCommand({ TableName: tableName(), Key: eventKeys.item(String(item.event_id)), ConsistentRead: true }));
    if (!event.Item || event.Item.deleting_at || typeof event.Item.timezone !== 'string') return false;
    return writeMissingSubEventReminder(item as unknown as SubEventRecord, event.Item.timezone);
  },
};
