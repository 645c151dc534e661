import { randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { childKeys, eventKeys, invitationCodeKeys, type Key, realtimeKeys, sessionKeys, userKeys } from '../shared/data/keys.ts';

/**
 * The raw DynamoDB calls a route needs, made directly with the document client: the baseline the
 * benchmark puts each route's latency next to (sequentially in the scenarios, under the same concurrency
 * in the load phase). The difference is the cost of the Lambda code and HTTP.
 */
export type RawTable = { db: DynamoDBDocumentClient; tableName: string };

/** The access check of an event route: session, event and membership (plus the child asked for) in one BatchGetItem. */
export function rawAccessRead(table: RawTable, access: { sessionId: string; eventId: string; userId: string }, extraKeys: Key[] = []) {
  const keys = [sessionKeys.item(access.sessionId), eventKeys.item(access.eventId), eventKeys.member(access.eventId, access.userId), ...extraKeys];
  return table.db.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: keys, ConsistentRead: true } } }));
}

/** GET /api/events: the session, the caller's memberships (GSI1) and their events in one BatchGetItem. */
export async function rawEventsList(table: RawTable, sessionId: string, userId: string): Promise<void> {
  await table.db.send(new GetCommand({ TableName: table.tableName, Key: sessionKeys.item(sessionId), ConsistentRead: true }));
  const memberships = await table.db.send(new QueryCommand({
    TableName: table.tableName,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': userKeys.membershipsPartition(userId) },
  }));
  await table.db.send(new BatchGetCommand({
    RequestItems: { [table.tableName]: { Keys: (memberships.Items ?? []).map((item) => eventKeys.item(String(item.event_id))), ConsistentRead: true } },
  }));
}

/** Every item of one part of an event's collection (a `begins_with` prefix or a `BETWEEN` range), paged at 1 MB. */
export async function rawCollectionPart(table: RawTable, eventId: string, part: { prefix: string } | { from: string; to: string }): Promise<void> {
  const condition = 'prefix' in part ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk AND sk BETWEEN :from AND :to';
  const values = 'prefix' in part ? { ':prefix': part.prefix } : { ':from': part.from, ':to': part.to };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ...values },
      ConsistentRead: true,
      ExclusiveStartKey: startKey,
    }));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** A strong Query of `count` (at least 1) children of the event under a sort-key prefix: as many items as a page returned. */
export function rawChildrenPage(table: RawTable, eventId: string, prefix: string, count: number) {
  return table.db.send(new QueryCommand({
    TableName: table.tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': prefix },
    Limit: Math.max(1, count),
    ConsistentRead: true,
  }));
}

/** One page of the guest list: the event read and one Query of `limit + 1` guests from `startKey`. */
export async function rawGuestPage(table: RawTable, eventId: string, limit: number, startKey?: Record<string, unknown>) {
  await table.db.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: [eventKeys.item(eventId)], ConsistentRead: true } } }));
  return table.db.send(new QueryCommand({
    TableName: table.tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix('guest') },
    Limit: limit + 1,
    ConsistentRead: true,
    ExclusiveStartKey: startKey,
  }));
}

/**
 * POST /api/rsvp: the code GetItem, the event+guest BatchGetItem and ONE TransactWriteItems (counters,
 * guest, audit, notice) under throwaway keys. The per-address limit needs no call (docs/abuse-limits.md).
 */
export async function rawRsvp(table: RawTable, eventId: string, guestId: string): Promise<void> {
  const { db, tableName } = table;
  const pk = `BENCHRAW#rsvp#${randomBytes(6).toString('hex')}`;
  await db.send(new GetCommand({ TableName: tableName, Key: invitationCodeKeys.item('bench-none'), ConsistentRead: true }));
  await db.send(new BatchGetCommand({
    RequestItems: { [tableName]: { Keys: [eventKeys.item(eventId), childKeys.item('guest', eventId, guestId)], ConsistentRead: true } },
  }));
  await db.send(new TransactWriteCommand({
    TransactItems: [
      { Update: { TableName: tableName, Key: { pk, sk: 'EVENT' }, UpdateExpression: 'ADD rsvp_yes :one, rsvp_pending :minus', ExpressionAttributeValues: { ':one': 1, ':minus': -1 } } },
      { Put: { TableName: tableName, Item: { pk, sk: 'GUEST', rsvp_status: 'yes' } } },
      { Put: { TableName: tableName, Item: { pk, sk: 'AUDIT', action: 'guest.rsvp' } } },
      { Put: { TableName: tableName, Item: { pk: `${pk}#NOTICE`, sk: 'NOTICE', kind: 'rsvp_confirmation' } } },
    ],
  }));
}

/**
 * POST /api/events/{id}/check-ins (a first scan): the access read with the guest, ONE TransactWriteItems
 * (the guest, the event's counter, the audit entry) under throwaway keys, and the Query of the event's
 * WebSocket subscribers (none here) that the door counts' push starts with.
 */
export async function rawCheckIn(table: RawTable, access: { sessionId: string; eventId: string; userId: string }, guestId: string): Promise<void> {
  const { db, tableName } = table;
  await rawAccessRead(table, access, [childKeys.item('guest', access.eventId, guestId)]);
  const pk = `BENCHRAW#checkin#${randomBytes(6).toString('hex')}`;
  await db.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: tableName, Item: { pk, sk: 'GUEST', checked_in_at: new Date().toISOString(), version: 2 } } },
      { Update: { TableName: tableName, Key: { pk, sk: 'EVENT' }, UpdateExpression: 'ADD checked_in_count :one', ExpressionAttributeValues: { ':one': 1 } } },
      { Put: { TableName: tableName, Item: { pk, sk: 'AUDIT', action: 'check_in.recorded' } } },
    ],
  }));
  await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': realtimeKeys.subscribersPartition(access.eventId) }, ConsistentRead: true }));
}

/**
 * POST /api/party-rsvp: the code GetItem, the event+party BatchGetItem, the members' BatchGetItem and ONE
 * TransactWriteItems (the event's counters, the party's check, per member the guest, audit and notice)
 * under throwaway keys.
 */
export async function rawPartyRsvp(table: RawTable, eventId: string, partyId: string, memberIds: string[]): Promise<void> {
  const { db, tableName } = table;
  const pk = `BENCHRAW#party#${randomBytes(6).toString('hex')}`;
  await db.send(new GetCommand({ TableName: tableName, Key: invitationCodeKeys.item('bench-none'), ConsistentRead: true }));
  await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [eventKeys.item(eventId), childKeys.item('party', eventId, partyId)], ConsistentRead: true } } }));
  await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: memberIds.map((id) => childKeys.item('guest', eventId, id)), ConsistentRead: true } } }));
  await db.send(new TransactWriteCommand({
    TransactItems: [
      { Update: { TableName: tableName, Key: { pk, sk: 'EVENT' }, UpdateExpression: 'ADD rsvp_yes :n, rsvp_pending :minus', ExpressionAttributeValues: { ':n': memberIds.length, ':minus': -memberIds.length } } },
      { Put: { TableName: tableName, Item: { pk, sk: 'PARTY', version: 1 } } },
      ...memberIds.flatMap((id) => [
        { Put: { TableName: tableName, Item: { pk, sk: `GUEST#${id}`, rsvp_status: 'yes' } } },
        { Put: { TableName: tableName, Item: { pk, sk: `AUDIT#${id}`, action: 'guest.rsvp' } } },
        { Put: { TableName: tableName, Item: { pk: `${pk}#NOTICE#${id}`, sk: 'NOTICE', kind: 'rsvp_confirmation' } } },
      ]),
    ],
  }));
}
