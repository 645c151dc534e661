import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEventType } from '../domain/domain-events/contract.ts';
import type { webhookDisabledKind } from '../domain/webhooks/endpoint.ts';
import type { seatingReleasedKind } from '../domain/seating/rules.ts';
import { BadRequestError } from '../http/errors.ts';
import { db, tableName } from './client.ts';
import { queryPages } from './collection.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { notificationKeys, userKeys } from './keys.ts';
import type { IndexName } from './table.ts';
import type { TransactItem } from './transact.ts';

/**
 * A user's notification feed (docs/data-model.md, patterns N1-N5). One item per user and domain event,
 * under the user: its key is (user, domain event id), so a redelivered event cannot add a second one.
 * Unread items carry the sparse GSI1 key `UNREAD#<userId>`; reading one removes it. The unread count is
 * a count of that index rather than a counter: DynamoDB's TTL deletes a notification after 90 days
 * without telling anyone, and a counter would then drift, while the index loses the item with it.
 */
export type NotificationRecord = {
  id: string;
  user_id: string;
  /** The domain event's type (the item's own `type` is `notification`), or a notice of the API's own (webhookDisabledKind). */
  kind: DomainEventType | typeof webhookDisabledKind | typeof seatingReleasedKind;
  event_id: string;
  event_name: string;
  entity_type: string;
  entity_id: string;
  actor_id: string;
  message: string;
  detail: Record<string, unknown>;
  created_at: string;
  read_at?: string;
  /** Epoch seconds: DynamoDB deletes the item after it (90 days). */
  ttl: number;
};

/** N1: a new unread notification, once per (user, domain event), to write with its email notice if any. */
export function notificationPut(record: NotificationRecord): TransactItem {
  return {
    Put: {
      Item: {
        ...notificationKeys.item(record.user_id, record.id),
        type: 'notification',
        gsi1pk: notificationKeys.unreadPartition(record.user_id),
        gsi1sk: notificationKeys.unreadSort(record.id),
        ...record,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

const fromItem = ({ pk: _pk, sk: _sk, type: _type, gsi1pk: _a, gsi1sk: _b, ...record }: Record<string, unknown>) => record as NotificationRecord;

/** DynamoDB deletes expired items eventually (within days), so reads leave out what has expired. */
const notExpired = (now: Date) => ({
  FilterExpression: '#ttl > :now',
  ExpressionAttributeNames: { '#ttl': 'ttl' },
  ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
});

/**
 * A cursor of this user's list: exactly the key attributes a page of it ends on, within the user's own
 * notifications, so a forged one is a 400 rather than a key DynamoDB refuses.
 */
function pageStart(cursor: string | undefined, userId: string, unreadOnly: boolean) {
  const expected: Record<string, string> = unreadOnly ? { gsi1pk: notificationKeys.unreadPartition(userId), pk: userKeys.item(userId).pk } : { pk: userKeys.item(userId).pk };
  const start = decodeCursor(cursor, expected);
  if (!start) return undefined;
  const names = unreadOnly ? ['gsi1pk', 'gsi1sk', 'pk', 'sk'] : ['pk', 'sk'];
  const exact = Object.keys(start).sort().join() === names.join() && String(start.sk).startsWith(notificationKeys.prefix);
  if (!exact) throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
  return start;
}

/**
 * N2: a page of the user's notifications, newest first: all of them (the user's partition, strong), or
 * the unread ones only (GSI1 `UNREAD#<userId>`, eventual). A cursor of one list is refused by the other.
 */
export async function listNotifications(
  userId: string,
  page: { limit: number; cursor?: string; unreadOnly: boolean },
  now: Date,
): Promise<{ notifications: NotificationRecord[]; nextCursor: string | null }> {
  const filter = notExpired(now);
  const query = page.unreadOnly
    ? {
        IndexName: 'gsi1' satisfies IndexName,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': notificationKeys.unreadPartition(userId), ...filter.ExpressionAttributeValues },
        ExclusiveStartKey: pageStart(page.cursor, userId, true),
      }
    : {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': userKeys.item(userId).pk, ':prefix': notificationKeys.prefix, ...filter.ExpressionAttributeValues },
        ExclusiveStartKey: pageStart(page.cursor, userId, false),
        ConsistentRead: true,
      };
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      ...query,
      FilterExpression: filter.FilterExpression,
      ExpressionAttributeNames: filter.ExpressionAttributeNames,
      ScanIndexForward: false,
      Limit: page.limit,
    }),
  );
  return { notifications: (result.Items ?? []).map(fromItem), nextCursor: encodeCursor(result.LastEvaluatedKey) };
}

/** N3: how many unread notifications the user has (Query GSI1 `UNREAD#<userId>`, Select COUNT, every page). */
export async function countUnreadNotifications(userId: string, now: Date): Promise<number> {
  const filter = notExpired(now);
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1' satisfies IndexName,
        KeyConditionExpression: 'gsi1pk = :pk',
        ...filter,
        ExpressionAttributeValues: { ':pk': notificationKeys.unreadPartition(userId), ...filter.ExpressionAttributeValues },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += result.Count ?? 0;
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/**
 * N4: marks one of the user's notifications read (the first time stays the read time) and takes it out
 * of the unread index. Answers it, or null when the user has no notification with that id.
 */
export async function markNotificationRead(userId: string, notificationId: string, at: string): Promise<NotificationRecord | null> {
  try {
    const result = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: notificationKeys.item(userId, notificationId),
        UpdateExpression: 'SET read_at = if_not_exists(read_at, :at) REMOVE gsi1pk, gsi1sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return result.Attributes ? fromItem(result.Attributes) : null;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}

const READS_IN_PARALLEL = 10;

/**
 * N5: marks every unread notification of the user read, page by page through the unread index. Each
 * update is conditional on the item still being unread, so one read meanwhile is neither counted twice
 * nor given a later read time; answers how many this call marked.
 */
export async function markAllNotificationsRead(userId: string, at: string): Promise<number> {
  let marked = 0;
  const pages = queryPages({
    IndexName: 'gsi1' satisfies IndexName,
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': notificationKeys.unreadPartition(userId) },
    ProjectionExpression: 'pk, sk',
    Limit: 100,
  });
  for await (const page of pages) {
    for (let start = 0; start < page.length; start += READS_IN_PARALLEL) {
      const outcomes: number[] = await Promise.all(page.slice(start, start + READS_IN_PARALLEL).map(async (item) => {
        try {
          await db().send(
            new UpdateCommand({
              TableName: tableName(),
              Key: { pk: String(item.pk), sk: String(item.sk) },
              UpdateExpression: 'SET read_at = :at REMOVE gsi1pk, gsi1sk',
              ConditionExpression: 'attribute_exists(gsi1pk)',
              ExpressionAttributeValues: { ':at': at },
            }),
          );
          return 1;
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return 0;
          throw error;
        }
      }));
      marked += outcomes.reduce((sum, one) => sum + one, 0);
    }
  }
  return marked;
}
