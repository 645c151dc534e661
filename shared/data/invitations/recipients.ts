import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { forEachWithConcurrency } from '../../concurrency.ts';
import { BadRequestError } from '../../http/errors.ts';
import { db, tableName } from '../client.ts';
import { mergedIndexPages } from '../shards/query.ts';
import { batchGetAll, deleteItemCollection, queryAllPages } from '../collection.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { childKeys, eventKeys, INVITEE_SHARDS, invitationKeys, type Key } from '../keys.ts';
import { migrationDone } from '../migrations/gate.ts';
import { migrationIds } from '../migrations/ids.ts';

/**
 * Where an invitation batch's recipient rows live (issue 15, docs/data-model.md "Invitation rows"): in
 * `INVITEE_SHARDS` partitions of their own per batch (`INVITEES#<batchId>#<shard>`), and, for rows
 * written before migration 0008, in the event's collection (`INVITEE#<batchId>#<guestId>`). Until 0008
 * is done (its checkpoint, shared/data/migrations/gate.ts) every read reads both places: the event's
 * collection first, then the shards, so a row the migration moves in between is seen (maybe twice: the
 * shard's copy, the newer, wins) and never missed; a row write first finds where the row is.
 */

type Item = Record<string, unknown>;
type RowRef = { event_id: string; batch_id: string; guest_id: string };

/** Shard Queries in flight at once (every shard of a batch). */
const SHARDS_IN_PARALLEL = INVITEE_SHARDS;

export const migrationWindowOpen = async (): Promise<boolean> => !(await migrationDone(migrationIds.inviteeShards));

/**
 * The key of a row: its shard's; in the migration window, its legacy key in the event's collection when
 * the row is still there (one strong BatchGetItem of both keys). A row found nowhere gets its shard's key
 * (a conditional write to it then fails as a gone row's does).
 */
export async function locateRow(row: RowRef): Promise<Key> {
  const key = invitationKeys.recipient(row.batch_id, row.guest_id);
  if (!(await migrationWindowOpen())) return key;
  const legacy = invitationKeys.legacyRecipient(row.event_id, row.batch_id, row.guest_id);
  const found = await batchGetAll([key, legacy]);
  return found.some((item) => item.pk === key.pk) || !found.some((item) => item.pk === legacy.pk) ? key : legacy;
}

/** The row (strong): at its shard's key, or in the window at either key (the shard's copy first). */
export async function readRow(row: RowRef): Promise<Item | undefined> {
  const key = invitationKeys.recipient(row.batch_id, row.guest_id);
  const keys = (await migrationWindowOpen()) ? [key, invitationKeys.legacyRecipient(row.event_id, row.batch_id, row.guest_id)] : [key];
  const found = await batchGetAll(keys);
  return found.find((item) => item.pk === key.pk) ?? found[0];
}

/**
 * Runs one conditional write of a row at its key (`write` answers whether its condition held). In the
 * migration window a write to the legacy key whose condition failed may have met a row the migration
 * moved meanwhile: the row is located again and, when it moved, written there once more (rows move only
 * from the legacy key to the shard, so once is enough).
 */
export async function writeRow<T>(row: RowRef, write: (key: Key) => Promise<T>, held: (result: T) => boolean): Promise<T> {
  const key = await locateRow(row);
  const result = await write(key);
  if (held(result) || key.pk.startsWith('INVITEES#')) return result;
  const again = await locateRow(row);
  return again.pk === key.pk ? result : write(again);
}

const byGuest = (a: Item, b: Item) => (String(a.guest_id) < String(b.guest_id) ? -1 : String(a.guest_id) > String(b.guest_id) ? 1 : 0);

/** Rows of one guest read twice (legacy, then shard): the shard's copy, read last, wins. */
function uniqueByGuest(items: Item[]): Item[] {
  const latest = new Map<string, Item>();
  for (const item of items) latest.set(String(item.guest_id), item);
  return [...latest.values()].sort(byGuest);
}

/** Rows a shard's Query returns at once when a batch is read whole. */
const FULL_READ_PAGE = 1_000;

/** Every row of a batch, by guest id (the shards' Queries to their end merged by `mergedIndexPages`, strong; the legacy rows first in the window). */
export async function readBatchRows(eventId: string, batchId: string): Promise<Item[]> {
  const legacy = (await migrationWindowOpen())
    ? await queryAllPages({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': invitationKeys.legacyRecipientsOf(batchId) },
      ConsistentRead: true,
    })
    : [];
  const sharded: Item[] = [];
  const pages = mergedIndexPages(invitationKeys.recipientPartitions(batchId), (pk) => ({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }), 'guest_id', FULL_READ_PAGE);
  for await (const page of pages) sharded.push(...page);
  return uniqueByGuest([...legacy, ...sharded]);
}

/**
 * The ids of the batches an event has rows for: its batches, and the batches being recorded (or whose
 * recording failed after writing rows: `INVITEEBATCH#` markers). One strong Query of each prefix.
 */
export async function eventRowBatchIds(eventId: string): Promise<string[]> {
  const query = (prefix: string) => queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': prefix },
    ProjectionExpression: 'sk',
    ConsistentRead: true,
  });
  const [batches, pending] = await Promise.all([query(childKeys.prefix('invitation')), query(invitationKeys.pendingBatchPrefix)]);
  const ids = [
    ...batches.map((item) => String(item.sk).slice(childKeys.prefix('invitation').length)),
    ...pending.map((item) => String(item.sk).slice(invitationKeys.pendingBatchPrefix.length)),
  ];
  return [...new Set(ids)].sort();
}

/** Every row of an event: its batches' rows, batch by batch; in the window, legacy rows of no batch too. */
export async function readEventRows(eventId: string): Promise<Item[]> {
  const rows: Item[] = [];
  for (const batchId of await eventRowBatchIds(eventId)) rows.push(...(await readBatchRows(eventId, batchId)));
  if (await migrationWindowOpen()) {
    const seen = new Set(rows.map((row) => `${String(row.batch_id)}#${String(row.guest_id)}`));
    const legacy = await queryAllPages({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': invitationKeys.legacyRecipientPrefix },
      ConsistentRead: true,
    });
    rows.push(...legacy.filter((row) => !seen.has(`${String(row.batch_id)}#${String(row.guest_id)}`)));
  }
  return rows;
}

type Cursor = { batch: string; guest: string };

/** A Query's first `limit + 1` rows after `after` (exclusive), and whether it stopped short of its end (1 MB). */
async function rowsAfter(pk: string, lower: string, upper: string, limit: number) {
  const result = await db().send(new QueryCommand({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
    ExpressionAttributeValues: { ':pk': pk, ':lower': lower, ':upper': upper },
    Limit: limit + 1,
    ConsistentRead: true,
  }));
  const items = result.Items ?? [];
  return { items, more: items.length > limit || result.LastEvaluatedKey !== undefined };
}

/** The smallest string after `value`. */
const justAfter = (value: string) => `${value}\u0000`;
const END = '\uffff';

/**
 * A page of a batch's rows by guest id, `limit` of them after the cursor's guest (not `mergedIndexPages`,
 * which starts at each shard's beginning and cannot say whether more follow without reading on): one Query of
 * `limit + 1` per shard (and of the legacy range in the window), merged. A shard that has more than it
 * returned bounds the page at its last row, so no row of another shard that sorts before one it has not
 * returned yet is skipped; the cursor is the last row's guest id, so a page resumes exactly.
 */
export async function readBatchRowPage(eventId: string, batchId: string, page: { limit: number; cursor?: string }): Promise<{ items: Item[]; nextCursor: string | null }> {
  const start = decodeCursor(page.cursor, { batch: batchId }) as Cursor | undefined;
  if (start && typeof start.guest !== 'string') throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
  const reads: Array<{ items: Item[]; more: boolean }> = [];
  if (await migrationWindowOpen()) {
    const prefix = invitationKeys.legacyRecipientsOf(batchId);
    reads.push(await rowsAfter(eventKeys.partition(eventId), start ? justAfter(`${prefix}${start.guest}`) : prefix, `${prefix}${END}`, page.limit));
  }
  await forEachWithConcurrency(invitationKeys.recipientPartitions(batchId), SHARDS_IN_PARALLEL, async (pk) => {
    const prefix = invitationKeys.recipientSortPrefix;
    reads.push(await rowsAfter(pk, start ? justAfter(`${prefix}${start.guest}`) : prefix, `${prefix}${END}`, page.limit));
  });
  const bounds = reads.filter((read) => read.more && read.items.length > 0).map((read) => String(read.items.at(-1)?.guest_id));
  const bound = bounds.sort()[0];
  const merged = uniqueByGuest(reads.flatMap((read) => read.items));
  const within = bound === undefined ? merged : merged.filter((item) => String(item.guest_id) <= bound);
  const items = within.slice(0, page.limit);
  const last = items.at(-1);
  const more = merged.length > items.length || reads.some((read) => read.more);
  return { items, nextCursor: more && last ? encodeCursor({ batch: batchId, guest: String(last.guest_id) }) : null };
}

/** Deletes every row of a batch in its shards (legacy rows go with the event's collection); how many. */
export async function deleteBatchRows(batchId: string): Promise<number> {
  let deleted = 0;
  for (const pk of invitationKeys.recipientPartitions(batchId)) deleted += await deleteItemCollection(pk);
  return deleted;
}
