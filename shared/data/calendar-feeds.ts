import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { batchGetAll } from './collection.ts';
import { calendarFeedKeys, eventKeys, type Key } from './keys.ts';

/**
 * A member's calendar feed of one event (docs/calendar-feeds.md; data model patterns CF1-CF4): one item
 * in the event's collection per member, so it goes with the event. `member_since` is the membership's
 * `invited_at` when the feed was made: a member removed and added again does not get the old URL back.
 */
export type CalendarFeedRecord = {
  event_id: string;
  user_id: string;
  token_hash: string;
  member_since: string;
  created_at: string;
  rotated_at: string;
  version: number;
};

type Item = Record<string, unknown>;

const fromItem = ({ pk: _pk, sk: _sk, type: _type, ...feed }: Item) => feed as CalendarFeedRecord;

// CF1: a member's feed of an event (strong: a rotation or revocation is seen at once).
export async function getCalendarFeed(eventId: string, userId: string): Promise<CalendarFeedRecord | null> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: calendarFeedKeys.item(eventId, userId), ConsistentRead: true }));
  return found.Item ? fromItem(found.Item) : null;
}

/**
 * CF2: the feed written with a new token hash: a new feed only where none is, a rotation only at the
 * version read (two rotations at once: one wins, the other gets false and its token never works).
 */
export async function putCalendarFeed(feed: CalendarFeedRecord, previousVersion: number | null): Promise<boolean> {
  try {
    await db().send(new PutCommand({
      TableName: tableName(),
      Item: { ...calendarFeedKeys.item(feed.event_id, feed.user_id), type: 'calendar_feed', ...feed },
      ...(previousVersion === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': previousVersion } }),
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

// CF3: the feed deleted (revoked); deleting none is not an error.
export async function deleteCalendarFeed(eventId: string, userId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: calendarFeedKeys.item(eventId, userId) }));
}

/** CF4: what a feed request needs first, in one strongly consistent BatchGetItem: the event, the membership and the feed. */
export async function readCalendarFeedContext(eventId: string, userId: string): Promise<{ event: Item | null; member: Item | null; feed: CalendarFeedRecord | null }> {
  const eventKey = eventKeys.item(eventId);
  const memberKey = eventKeys.member(eventId, userId);
  const feedKey = calendarFeedKeys.item(eventId, userId);
  const items = await batchGetAll([eventKey, memberKey, feedKey], true);
  const find = (key: Key) => items.find((item) => item.pk === key.pk && item.sk === key.sk) ?? null;
  const feed = find(feedKey);
  return { event: find(eventKey), member: find(memberKey), feed: feed ? fromItem(feed) : null };
}
