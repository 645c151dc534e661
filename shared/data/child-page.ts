import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { queryChildren } from './collection.ts';
import { type ChildKind, childKeys } from './keys.ts';
import { migrationDone } from './migrations/gate.ts';
import { migrationIds } from './migrations/ids.ts';

/**
 * A page of one kind of an event's children in id order, one Query whatever the event holds (issue 15):
 * of the collection's `<KIND>#` items (strong), or of a filter's sparse index partition (eventual, as
 * every index), whose sort key is the child's id. A second filter is a FilterExpression on the other
 * partition attribute: `Limit` still bounds what is read, so such a page may hold fewer than `limit` and
 * carry a cursor. The cursor is the last key read, refused outside its partition and prefix.
 */
export type IndexPartition = { index: 'gsi2' | 'gsi3'; partition: string };

/**
 * A filter of the page: the partition read (`by`), another the items must be in too (`also`), and the
 * index attributes a child's writes store (`derive`), for the window before migration 0003 is done.
 */
export type ChildFilter = { by: IndexPartition; also?: IndexPartition; derive: (item: Record<string, unknown>) => Record<string, string> };

export async function childPage(
  eventId: string,
  kind: ChildKind,
  page: { limit: number; cursor?: string },
  filter?: ChildFilter,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const pk = childKeys.item(kind, eventId, '').pk;
  const prefix = childKeys.prefix(kind);
  const by = filter?.by;
  const [partitionName, sortName] = by ? [`${by.index}pk`, `${by.index}sk`] : ['pk', 'sk'];
  const start = by
    ? decodeCursor(page.cursor, { [partitionName]: by.partition, pk }, { sk: prefix, [sortName]: eventId })
    : decodeCursor(page.cursor, { pk }, { sk: prefix });
  if (filter && !(await migrationDone(migrationIds.filterIndex))) return fromCollection(eventId, kind, page.limit, filter, start);
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

/**
 * The filtered page the index Query would answer, taken from the collection (every child of the kind,
 * strong) with each child's index attributes as its writes store them: the filtered read while migration
 * 0003 is not done, when children written before the partitions are not in them yet (docs/migrations.md,
 * the window rule). Same order (the child's id) and cursors, so a cursor carries across the window's end.
 */
async function fromCollection(
  eventId: string,
  kind: ChildKind,
  limit: number,
  filter: ChildFilter,
  start: Record<string, string | number> | undefined,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const [partitionName, sortName] = [`${filter.by.index}pk`, `${filter.by.index}sk`];
  const after = start?.[sortName];
  const found = (await queryChildren(kind, eventId))
    .map((item) => ({ ...item, ...filter.derive(item) }))
    .filter((item) => item[partitionName] === filter.by.partition && (!filter.also || item[`${filter.also.index}pk`] === filter.also.partition))
    .filter((item) => after === undefined || String(item[sortName]) > String(after))
    .sort((a, b) => (String(a[sortName]) < String(b[sortName]) ? -1 : 1))
    .slice(0, limit + 1);
  const items = found.slice(0, limit);
  const last = found.length > limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor(Object.fromEntries(['pk', 'sk', partitionName, sortName].map((name) => [name, last[name]]))) : null };
}
