import { budgetChangeKeys, dueKeys, guestPurgeKeys } from './keys.ts';
import { mergedIndexPages } from './shards/query.ts';
import type { IndexName } from './table.ts';

/** An item indexed in GSI2 under one calendar day; the rest of its attributes depend on its kind. */
export type DayIndexedItem = {
  pk: string;
  sk: string;
  gsi2pk: string;
  gsi2sk: string;
  [attribute: string]: unknown;
};

/** Page size of the day queries; DynamoDB's 1 MB page limit applies on top of it. */
const DEFAULT_PAGE_SIZE = 100;

/** Every item of one sharded GSI2 family (each shard and the legacy key), page by page, oldest time first. */
async function* gsi2Pages(partitions: string[], pageSize: number): AsyncGenerator<DayIndexedItem[]> {
  const pages = mergedIndexPages(partitions, (partition) => ({
    IndexName: 'gsi2' satisfies IndexName,
    KeyConditionExpression: 'gsi2pk = :day',
    ExpressionAttributeValues: { ':day': partition },
  }), 'gsi2sk', pageSize);
  for await (const page of pages) yield page as DayIndexedItem[];
}

// Items due on a day (timeline, checklist, payments, notices): gsi2pk = DUE#<day>#<shard>, by due time.
export const dueOnDayPages = (day: string, pageSize = DEFAULT_PAGE_SIZE) => gsi2Pages(dueKeys.partitionsToRead(day), pageSize);

// Budget changes recorded on a day, for the overspend check: gsi2pk = BUDGETCHANGE#<day>#<shard>, by time.
export const budgetChangesOnDayPages = (day: string, pageSize = DEFAULT_PAGE_SIZE) =>
  gsi2Pages(budgetChangeKeys.partitionsToRead(day), pageSize);

// Events whose guest data is due to be purged on a day (privacy job): gsi2pk = GUESTPURGE#<day>, by due time (not sharded).
export const guestPurgesOnDayPages = (day: string, pageSize = DEFAULT_PAGE_SIZE) => gsi2Pages([guestPurgeKeys.partition(day)], pageSize);
