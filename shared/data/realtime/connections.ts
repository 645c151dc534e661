import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { batchDeleteAll, batchGetAll, queryAllPages } from '../collection.ts';
import { eventKeys, openDueKeys, realtimeKeys, sessionKeys } from '../keys.ts';
import type { EventRecord } from '../../domain/events/rules.ts';
import { eventFromItem } from '../events/records.ts';
import { openDueOf } from '../events/open-due.ts';
import type { OpenDue } from '../../domain/events/open-due.ts';
import { memberFromItem, type MemberRecord } from '../team/members.ts';
import { type Session, withoutCutOff } from '../sessions.ts';
import { endedByCutOff } from '../../domain/accounts/session-control.ts';
import { TransactionConditionFailed, transact } from '../transact.ts';

/**
 * WebSocket connections and event subscriptions (docs/data-model.md, patterns R1-R7). Every item carries
 * the connection's `ttl`; since DynamoDB deletes expired items only eventually, every read also filters
 * out what has expired. Who may follow an event is decided in shared/domain/realtime-rules.ts.
 */
export type ConnectionRecord = {
  connection_id: string;
  user_id: string;
  session_id: string;
  connected_at: string;
  /** The events this connection follows (a set; absent when none). */
  event_ids?: Set<string>;
  ttl: number;
};

export type SubscriptionRecord = {
  event_id: string;
  connection_id: string;
  user_id: string;
  session_id: string;
  ttl: number;
};

const nowSeconds = () => Math.floor(Date.now() / 1000);
const notExpired = { FilterExpression: '#ttl > :now', names: { '#ttl': 'ttl' } };

/** R1: records a new connection (Put; a connection id is never reused by API Gateway). */
export async function putConnection(connection: ConnectionRecord): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...realtimeKeys.connection(connection.connection_id),
        type: 'ws_connection',
        gsi1pk: realtimeKeys.userConnectionsPartition(connection.user_id),
        gsi1sk: connection.connection_id,
        ...connection,
      },
    }),
  );
}

/** A connection by id (GetItem, strong), or null once it is gone or expired. */
export async function getConnection(connectionId: string): Promise<ConnectionRecord | null> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: realtimeKeys.connection(connectionId), ConsistentRead: true }));
  const connection = result.Item as ConnectionRecord | undefined;
  return connection && connection.ttl > nowSeconds() ? connection : null;
}

/**
 * R2: follows an event: the subscription item and the event id in the connection's set, in ONE
 * transaction conditional on the connection still being open and following fewer than `limit` events
 * (re-subscribing to an event already followed always passes). 'refused' when the limit is reached or
 * the connection is gone.
 */
export async function addSubscription(subscription: SubscriptionRecord, limit: number): Promise<'subscribed' | 'refused'> {
  try {
    await transact([
      {
        Update: {
          Key: realtimeKeys.connection(subscription.connection_id),
          UpdateExpression: 'ADD event_ids :ids',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(event_ids) OR size(event_ids) < :limit OR contains(event_ids, :id))',
          ExpressionAttributeValues: { ':ids': new Set([subscription.event_id]), ':limit': limit, ':id': subscription.event_id },
        },
      },
      {
        Put: {
          Item: { ...realtimeKeys.subscription(subscription.event_id, subscription.connection_id), type: 'ws_subscription', ...subscription },
        },
      },
    ]);
    return 'subscribed';
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return 'refused';
    throw error;
  }
}

/**
 * R3: stops following an event: the subscription item first (pushes stop at once), then the event id
 * leaves the connection's set, if the connection is still there. Both are idempotent.
 */
export async function removeSubscription(connectionId: string, eventId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: realtimeKeys.subscription(eventId, connectionId) }));
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: realtimeKeys.connection(connectionId),
        UpdateExpression: 'DELETE event_ids :ids',
        // Without it an Update of a closed connection would create a stray item.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':ids': new Set([eventId]) },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * R4: forgets a connection (disconnect, or a push answered 410 Gone): its subscriptions, then the
 * connection item, so a crash in between leaves the connection listing them for the next attempt.
 * `alsoEventId` names a subscription to delete even if the connection item no longer lists it (one
 * written by a subscribe that raced the disconnect).
 */
export async function removeConnection(connectionId: string, alsoEventId?: string): Promise<void> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: realtimeKeys.connection(connectionId), ConsistentRead: true }));
  const eventIds = new Set((result.Item as ConnectionRecord | undefined)?.event_ids ?? []);
  if (alsoEventId) eventIds.add(alsoEventId);
  await batchDeleteAll([...eventIds].map((eventId) => realtimeKeys.subscription(eventId, connectionId)));
  await db().send(new DeleteCommand({ TableName: tableName(), Key: realtimeKeys.connection(connectionId) }));
}

/** R5: an event's live subscriptions (Query `SUBS#<eventId>`, strong, every page, expired ones left out). */
export async function listSubscriptions(eventId: string): Promise<SubscriptionRecord[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: notExpired.FilterExpression,
    ExpressionAttributeNames: notExpired.names,
    ExpressionAttributeValues: { ':pk': realtimeKeys.subscribersPartition(eventId), ':now': nowSeconds() },
    ConsistentRead: true,
  });
  return items as unknown as SubscriptionRecord[];
}

/** R6: the open connections of some users (Query GSI1 `WSUSER#<userId>` per user; eventual). */
export async function listUserConnections(userIds: string[]): Promise<ConnectionRecord[]> {
  const perUser = await Promise.all(
    [...new Set(userIds)].map((userId) =>
      queryAllPages({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: notExpired.FilterExpression,
        ExpressionAttributeNames: notExpired.names,
        ExpressionAttributeValues: { ':pk': realtimeKeys.userConnectionsPartition(userId), ':now': nowSeconds() },
      }),
    ),
  );
  return perUser.flat() as unknown as ConnectionRecord[];
}

/**
 * R7: what a push needs to re-check its audience, in one strongly consistent BatchGetItem (100 keys per
 * call): these sessions (less those the operator's cut-off ended) and, for an event's subscribers, the
 * event item and its memberships of these users.
 */
export async function getAudienceRecords(
  sessionIds: string[],
  ofEvent?: { eventId: string; userIds: string[] },
): Promise<{ event: EventRecord | null; openDue: OpenDue; members: Map<string, MemberRecord>; sessions: Map<string, Session> }> {
  const eventKeysWanted = ofEvent
    ? [eventKeys.item(ofEvent.eventId), openDueKeys.item(ofEvent.eventId), ...[...new Set(ofEvent.userIds)].map((userId) => eventKeys.member(ofEvent.eventId, userId))]
    : [];
  const { items, notBefore } = withoutCutOff(await batchGetAll([...eventKeysWanted, ...[...new Set(sessionIds)].map((sessionId) => sessionKeys.item(sessionId)), sessionKeys.cutOff]));
  let event: EventRecord | null = null;
  let openDueItem: Record<string, unknown> | null = null;
  const members = new Map<string, MemberRecord>();
  const sessions = new Map<string, Session>();
  for (const item of items) {
    if (ofEvent && item.sk === eventKeys.item(ofEvent.eventId).sk) {
      event = eventFromItem(item);
    } else if (ofEvent && item.sk === openDueKeys.item(ofEvent.eventId).sk) {
      openDueItem = item;
    } else if (String(item.sk).startsWith(eventKeys.memberPrefix)) {
      const member = memberFromItem(item);
      members.set(member.user_id, member);
    } else {
      const session = item as unknown as Session;
      if (!endedByCutOff(session.created_at, notBefore)) sessions.set(session.session_id, session);
    }
  }
  return { event, openDue: event ? openDueOf(event, openDueItem) : {}, members, sessions };
}
