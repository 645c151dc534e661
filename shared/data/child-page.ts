import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type ChildKind, childKeys } from './keys.ts';

/**
 * A page of one kind of an event's children in id order, one Query whatever the event holds (issue 15):
 * of the collection's `<KIND>#` items (strong), or of a filter's sparse index partition (eventual, as
 * every index), whose sort key is the child's id. A second filter is a FilterExpression on the other
 * partition attribute: `Limit` still bounds what is read, so such a page may hold fewer than `limit` and
 * carry a cursor. The cursor is the last key read, refused outside its partition and prefix.
 */
export type IndexPartition = { index: 'gsi2' | 'gsi3'; partition: string };

export async function childPage(
  eventId: string,
  kind: ChildKind,
  page: { limit: number; cursor?: string },
  filter?: { by: IndexPartition; also?: IndexPartition },
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const pk = childKeys.item(kind, eventId, '').pk;
  const prefix = childKeys.prefix(kind);
  const by = filter?.by;
  const [partitionName, sortName] = by ? [`${by.index}pk`, `${by.index}sk`] : ['pk', 'sk'];
  const start = by
    ? decodeCursor(page.cursor, { [partitionName]: by.partition, pk }, { sk: prefix, [sortName]: eventId })
    : decodeCursor(page.cursor, { pk }, { sk: prefix });
  const also = filter?.also;
  const result = await db().send(new QueryCommand({
    TableName: tableName(),
    ...(by ? { IndexName: by.index } : { ConsistentRead: true }),
    KeyConditionExpression: by ? '#partition = :partition' : '#partition = :partition AND begins_with(sk, :prefix)',
    ...(also ? { FilterExpression: '#also = :also' } : {}),
    ExpressionAttributeNames: { '#partition': partitionName, ...(also ? { '#also': `${also.index}pk` } : {}) },
    ExpressionAttributeValues: { ':partition': by ? by.partition : pk, ...(by ? {} : { ':prefix': prefix }), ...(also ? { ':also': also.partition } : {}) },
    Limit: page.limit + 1,
    ExclusiveStartKey: start,
  }));
  const found = result.Items ?? [];
  const items = found.slice(0, page.limit);
  const last = found.length > page.limit ? items.at(-1) : result.LastEvaluatedKey;
  const keyNames = by ? ['pk', 'sk', partitionName, sortName] : ['pk', 'sk'];
  return { items, nextCursor: last ? encodeCursor(Object.fromEntries(keyNames.map((name) => [name, last[name]]))) : null };
}
