import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { forEachWithConcurrency } from '../../concurrency.ts';
import { queryPages } from '../collection.ts';

type Item = Record<string, unknown>;
type QueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/** Shards Queried at once: a run's first pages take ⌈shards / 8⌉ rounds of calls, never a burst of every shard. */
const SHARDS_IN_PARALLEL = 8;

type ShardCursor = { pages: AsyncIterator<Item[]>; buffer: Item[]; done: boolean };

/** Reads the next non-empty page of every shard whose buffer is empty (a filtered page may come back empty). */
async function refill(cursors: ShardCursor[]): Promise<void> {
  const empty = cursors.filter((cursor) => cursor.buffer.length === 0 && !cursor.done);
  await forEachWithConcurrency(empty, SHARDS_IN_PARALLEL, async (cursor) => {
    while (cursor.buffer.length === 0 && !cursor.done) {
      const page = await cursor.pages.next();
      if (page.done) cursor.done = true;
      else cursor.buffer = [...page.value];
    }
  });
}

/**
 * One index Query over every shard of a family (`queryOf` a partition), merged into one sequence in the
 * order of the index's sort key `sortKey` (which the Query must return), `pageSize` items a page — what a
 * Query of the unsharded partition answered. Each shard is read page by page (its `Limit` is `pageSize`)
 * and only when the merge needs its next item, so a caller that stops early (a deadline) has read little
 * more than what it took.
 */
export async function* mergedIndexPages(partitions: string[], queryOf: (partition: string) => QueryInput, sortKey: string, pageSize: number): AsyncGenerator<Item[]> {
  const cursors: ShardCursor[] = partitions.map((partition) => ({
    pages: queryPages({ ...queryOf(partition), Limit: pageSize })[Symbol.asyncIterator](),
    buffer: [],
    done: false,
  }));
  let page: Item[] = [];
  for (;;) {
    await refill(cursors);
    let first: ShardCursor | undefined;
    for (const cursor of cursors) {
      if (cursor.buffer.length > 0 && (!first || String(cursor.buffer[0]?.[sortKey]) < String(first.buffer[0]?.[sortKey]))) first = cursor;
    }
    if (!first) break;
    page.push(first.buffer.shift() as Item);
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
