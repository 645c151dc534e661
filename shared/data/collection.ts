import { BatchGetCommand, BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { forEachWithConcurrency } from '../concurrency.ts';
import { db, tableName } from './client.ts';
import { type ChildKind, childKeys, eventKeys, type Key } from './keys.ts';

/**
 * Many items at once: every page of a query, batched reads, and deleting an item collection in batches.
 * DynamoDB answers a batch partly when it throttles (UnprocessedKeys / UnprocessedItems); those are
 * retried with exponential backoff and jitter until done, and a batch that never drains is an error, not
 * a silent partial result.
 */
type Item = Record<string, unknown>;

const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;
const MAX_ATTEMPTS = 10;

const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2_000, 25 * 2 ** attempt)));

const chunks = <T>(values: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(values.length / size) }, (_, index) => values.slice(index * size, (index + 1) * size));

const keyOf = (item: Item): string => `${String(item.pk)}|${String(item.sk)}`;

/** A query one page at a time, in order, for callers that work page by page (the scheduled jobs). */
export async function* queryPages(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): AsyncGenerator<Item[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey: startKey }));
    yield page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every page of a query, in order. For partitions whose size the caller knows to be bounded. */
export async function queryAllPages(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(input)) items.push(...page);
  return items;
}

/** Every child of one kind in an event's collection (Query `<KIND>#` in EVENT#<id>, strong, every page). */
export function queryChildren(kind: ChildKind, eventId: string): Promise<Item[]> {
  return queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix(kind) },
    ConsistentRead: true,
  });
}

/**
 * The items at these keys (missing ones left out, in no particular order), read strongly consistent unless
 * told, 100 keys per call, `concurrency` calls at a time (one after another unless told).
 */
export async function batchGetAll(keys: Key[], consistentRead = true, concurrency = 1): Promise<Item[]> {
  const found: Item[] = [];
  await forEachWithConcurrency(chunks(keys, BATCH_GET_LIMIT), concurrency, async (batch) => {
    let pending: Key[] = batch;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unread`);
      if (attempt > 0) await backoff(attempt);
      const result = await db().send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: consistentRead } } }),
      );
      found.push(...(result.Responses?.[tableName()] ?? []));
      pending = (result.UnprocessedKeys?.[tableName()]?.Keys as Key[] | undefined) ?? [];
    }
  });
  return found;
}

/** Deletes the items at these keys, 25 per BatchWriteItem; deleting a missing item is not an error. */
export async function batchDeleteAll(keys: Key[]): Promise<void> {
  const unique = [...new Map(keys.map((key) => [keyOf(key), { pk: key.pk, sk: key.sk }])).values()];
  for (const batch of chunks(unique, BATCH_WRITE_LIMIT)) {
    let pending = batch.map((key) => ({ DeleteRequest: { Key: key } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchWriteItem left ${pending.length} deletes undone`);
      if (attempt > 0) await backoff(attempt);
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (result.UnprocessedItems?.[tableName()] as typeof pending | undefined) ?? [];
    }
  }
}

export type CollectionDeletion = {
  /** Items of the collection to leave in place (the event item, deleted last by the caller). */
  keep?: (item: Item) => boolean;
  /** Items outside the collection that point into it and must go with it (e.g. invitation-code lookups). */
  lookupKeysOf?: (item: Item) => Key[];
  /** The attributes `lookupKeysOf` reads, so the query fetches only those besides the keys. */
  lookupAttributes?: string[];
};

/**
 * Deletes every item of one partition, page by page. Within a page the lookup items are deleted before
 * the items that point at them, so a crash in between leaves the pointing item, which the next attempt
 * finds again; never a lookup item nothing points at. Returns how many collection items were deleted.
 */
export async function deleteItemCollection(pk: string, options: CollectionDeletion = {}): Promise<number> {
  const attributes = ['pk', 'sk', ...(options.lookupAttributes ?? [])];
  const names = Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name]));
  let deletedCount = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: '#a0 = :pk',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: Object.keys(names).join(', '),
        ConsistentRead: true,
        Limit: 100,
        ExclusiveStartKey: startKey,
      }),
    );
    const doomed = (page.Items ?? []).filter((item) => !options.keep?.(item));
    await batchDeleteAll(doomed.flatMap((item) => options.lookupKeysOf?.(item) ?? []));
    await batchDeleteAll(doomed.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
    deletedCount += doomed.length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return deletedCount;
}
