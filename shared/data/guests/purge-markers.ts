import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { config } from '../../config.ts';
import type { EventRecord } from '../../domain/events/rules.ts';
import { utcDay } from '../../domain/events/rules.ts';
import { guestPurgeDueAt } from '../../domain/guests/privacy.ts';
import { db, tableName } from '../client.ts';
import type { DayIndexedItem } from '../due-items.ts';
import { guestPurgeKeys } from '../keys.ts';
import { liveEventCheck } from '../events/live-event.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * The marker that files an event under the day its guests' data is due to be purged (GSI2
 * `GUESTPURGE#<day>`), written in the event's create transaction and in every update that moves its date
 * or zone; the privacy job finds the due ones with a Query per recent day and deletes each when its
 * purge is done. A purge that ran out of time is filed again for now, so the next run goes on with it.
 */
export type GuestPurgeMarker = { event_id: string; due_at: string };

const MARKER_TYPE = 'guestPurgeDue';

const markerItem = (marker: GuestPurgeMarker) => ({
  ...guestPurgeKeys.marker(marker.event_id),
  type: MARKER_TYPE,
  ...marker,
  gsi2pk: guestPurgeKeys.partition(utcDay(marker.due_at)),
  gsi2sk: guestPurgeKeys.sort(marker.due_at, marker.event_id),
});

/** The Put of an event's marker for the event as it will be stored (retention from the configuration). */
export const guestPurgeMarkerWrite = (event: Pick<EventRecord, 'id' | 'event_date' | 'timezone'>): TransactItem => ({
  Put: { Item: markerItem({ event_id: event.id, due_at: guestPurgeDueAt(event, config().GUEST_DATA_RETENTION_DAYS) }) },
});

/** Files the event's purge as due at `dueAt` (a purge to go on with), only while the event is live. */
export async function fileGuestPurge(eventId: string, dueAt: string): Promise<void> {
  try {
    await transact([liveEventCheck(eventId), { Put: { Item: markerItem({ event_id: eventId, due_at: dueAt }) } }]);
  } catch (error) {
    // The event is gone or being deleted: its deletion removes the guests, nothing is left to purge.
    if (!(error instanceof TransactionConditionFailed)) throw error;
  }
}

/** A marker found in a day partition, or null for any other item. */
export function guestPurgeMarkerOf(item: DayIndexedItem): GuestPurgeMarker | null {
  return item.type === MARKER_TYPE ? { event_id: String(item.event_id), due_at: String(item.due_at) } : null;
}

/** Deletes the marker if it still says the same (a date moved meanwhile has filed a new purge). */
export async function dropGuestPurgeMarker(marker: GuestPurgeMarker): Promise<void> {
  try {
    await db().send(new DeleteCommand({
      TableName: tableName(),
      Key: guestPurgeKeys.marker(marker.event_id),
      ConditionExpression: 'due_at = :due',
      ExpressionAttributeValues: { ':due': marker.due_at },
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
