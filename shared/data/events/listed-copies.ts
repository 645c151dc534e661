import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { forEachWithConcurrency } from '../../concurrency.ts';
import { type ListedEvent, listedEventOf } from '../../domain/events/list.ts';
import type { EventRecord } from '../../domain/events/rules.ts';
import { db, tableName } from '../client.ts';
import { queryAllPages } from '../collection.ts';
import { eventKeys } from '../keys.ts';
import { MAX_TRANSACTION_ITEMS, type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * Issue 15: every membership carries a copy of its event's listed fields (`listed_event`: what GET
 * /api/events filters and sorts by, with the event's version), so a page of that list reads the caller's
 * memberships (one Query of small items) and only the page's events. A copy only moves forward (to a
 * higher version) and is written:
 * - with the organizer's membership when the event is created;
 * - in the transaction of every event change that alters a listed field (`transactWithCopies`), for as
 *   many memberships as fit in it, then forward for the rest after commit;
 * - after commit for a membership just added (`syncCopy`).
 * A change and an add in flight together: each writes, then reads the other's item (the add its event,
 * the change the memberships), so whichever reads second brings the new membership's copy forward.
 * A membership without a copy (older than the copy, or an add that stopped before its sync) is listed
 * from its event instead, so it is never missed.
 */
export const listedAttribute = 'listed_event';

const PARALLEL_COPY_WRITES = 8;

/** One membership's copy brought forward to `listed`, only while the membership exists. */
function copyUpdate(userId: string, listed: ListedEvent) {
  return {
    Key: eventKeys.member(listed.id, userId),
    UpdateExpression: 'SET #listed = :listed',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#listed) OR #listed.#version < :version)',
    ExpressionAttributeNames: { '#listed': listedAttribute, '#version': 'version' },
    ExpressionAttributeValues: { ':listed': listed, ':version': listed.version },
  };
}

/** The event's memberships (strong Query of its MEMBER# items: user id and the copy's version only). */
async function membershipCopies(eventId: string): Promise<{ userId: string; version: number | null }[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ProjectionExpression: 'user_id, #listed.#version',
    ExpressionAttributeNames: { '#listed': listedAttribute, '#version': 'version' },
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': eventKeys.memberPrefix },
    ConsistentRead: true,
  });
  return items.map((item) => {
    const version = (item[listedAttribute] as { version?: unknown } | undefined)?.version;
    return { userId: String(item.user_id), version: typeof version === 'number' ? version : null };
  });
}

/** A conditional copy write; one that found a newer copy or no membership changed nothing, as intended (false). */
async function writeCopy(userId: string, listed: ListedEvent): Promise<boolean> {
  try {
    await db().send(new UpdateCommand({ TableName: tableName(), ...copyUpdate(userId, listed) }));
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  }
}

/** After an event change committed: every membership whose copy is older than `listed` is brought forward. */
export async function bringCopiesForward(listed: ListedEvent): Promise<void> {
  const behind = (await membershipCopies(listed.id)).filter((member) => member.version === null || member.version < listed.version);
  await forEachWithConcurrency(behind, PARALLEL_COPY_WRITES, async (member) => {
    await writeCopy(member.userId, listed);
  });
}

/**
 * An event change's transaction with the memberships' copies brought to `listed` in it (as many as fit),
 * then the copies it did not hold brought forward (memberships past the limit, any added meanwhile). A
 * membership removed between the read and the write fails its condition: the change is then written
 * without the copies, and the step after brings the others forward. Without `listed` (no listed field
 * changed) it is the transaction alone.
 */
export async function transactWithCopies(items: TransactItem[], listed: ListedEvent | undefined): Promise<void> {
  if (!listed) return transact(items);
  // A membership the change itself writes is left to it (one transaction may write an item once).
  const written = new Set(items.map(keyOf).filter((key) => key !== null));
  const members = (await membershipCopies(listed.id)).filter((member) => !written.has(keyString(eventKeys.member(listed.id, member.userId))));
  const copies = members.slice(0, MAX_TRANSACTION_ITEMS - items.length).map((member): TransactItem => ({ Update: copyUpdate(member.userId, listed) }));
  try {
    await transact([...items, ...copies]);
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed) || error.failedIndexes.some((index) => index < items.length)) throw error;
    await transact(items);
  }
  await bringCopiesForward(listed);
}

const keyString = (key: Record<string, unknown>) => `${String(key.pk)}|${String(key.sk)}`;

function keyOf(item: TransactItem): string | null {
  if ('Put' in item) return item.Put.Item ? keyString(item.Put.Item) : null;
  if ('Update' in item) return item.Update.Key ? keyString(item.Update.Key) : null;
  if ('Delete' in item) return item.Delete.Key ? keyString(item.Delete.Key) : null;
  return item.ConditionCheck.Key ? keyString(item.ConditionCheck.Key) : null;
}

/**
 * After a membership was written: its copy brought to its event as it is now (strong GetItem of the
 * event). False when nothing was written (the event is gone or going, or the copy is already as new).
 */
export async function syncCopy(eventId: string, userId: string): Promise<boolean> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: eventKeys.item(eventId), ConsistentRead: true }));
  if (!found.Item || found.Item.deleting_at) return false;
  return writeCopy(userId, listedEventOf(found.Item as EventRecord));
}
