import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { runOverspendCheck } from '../../functions/overspend/handler.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { dueOnDayPages } from '../../shared/data/due-items.ts';
import { budgetChangeKeys, dueKeys, noticeKeys, outboxKeys, shardCounts } from '../../shared/data/keys.ts';
import { type DueOutboxEntry, dueOutboxPages } from '../../shared/data/outbox.ts';
import { shardOf } from '../../shared/data/shards/partition.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, codeOf, rsvpApi } from './guests-fixtures.ts';
import { emailsFor, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * The readers of the sharded GSI2 families find every item whatever shard it landed in, and the items
 * still filed under the unsharded key written before sharding, in the order one partition gave them.
 */
type Item = Record<string, unknown>;

async function putAll(items: Item[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

/** `count` ids (`<prefix><n>`) that land in as many different shards of a family of `shards`. */
function idsInDistinctShards(prefix: string, count: number, shards: number): string[] {
  const byShard = new Map<number, string>();
  for (let n = 0; byShard.size < count; n += 1) {
    const id = `${prefix}${n}`;
    if (!byShard.has(shardOf(id, shards))) byShard.set(shardOf(id, shards), id);
  }
  return [...byShard.values()];
}

describe('outbox pending work across shards', () => {
  // Due times long past, so no other entry of this file's table is due by `now`.
  const now = new Date('2001-01-01T12:00:00Z');
  const due = (minute: number) => `2001-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const notice = (id: string, dueAt: string, gsi2pk: string): Item => ({ pk: `NOTICE#${id}`, sk: 'NOTICE', type: 'notice', id, gsi2pk, gsi2sk: outboxKeys.sort(dueAt, 'NOTICE', id) });

  it('takes every due entry, oldest first across the shards and the legacy key, page by page', async () => {
    const ids = idsInDistinctShards('outbox-shard-', 5, shardCounts.outbox);
    // Due in the reverse order of their shards, so a merge that did not sort would show it.
    const sharded = ids.map((id, index) => notice(id, due(50 - index * 10), outboxKeys.partition(id)));
    // As written before sharding: the one partition of every tenant.
    const legacy = notice('outbox-legacy', due(15), 'OUTBOX#PENDING');
    const later = notice('outbox-not-yet', '2001-01-01T13:00:00.000Z', outboxKeys.partition('outbox-not-yet'));
    await putAll([...sharded, legacy, later]);

    const pages: DueOutboxEntry[][] = [];
    for await (const page of dueOutboxPages(now, 2)) pages.push(page);

    const taken = pages.flat().map((entry) => (entry.kind === 'NOTICE' ? entry.noticeId : ''));
    expect(new Set(ids.map((id) => outboxKeys.partition(id))).size).toBe(5);
    expect(taken).toEqual([ids[4], legacy.id, ids[3], ids[2], ids[1], ids[0]]);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2]);
    // When each fell due, from its sort key: the first is the oldest (the outbox's backlog age).
    expect(pages.flat().map((entry) => entry.dueAt)).toEqual([due(10), due(15), due(20), due(30), due(40), due(50)]);
  });

  it('sends a notice still filed under the unsharded key, once, and takes it out of the index', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner, weddingInput);
    const tag = uniqueTag();
    const [guest] = await addGuests(planner, event.id, [{ name: 'Ada', email: `ada.${tag}@example.com` }]);
    await rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes' } });
    const notices = await db().send(new QueryCommand({
      TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': noticeKeys.byEventPartition(event.id) },
    }));
    const noticeId = String(notices.Items?.find((item) => item.kind === 'rsvp_confirmation')?.id);
    // Filed as before sharding.
    await db().send(new UpdateCommand({ TableName: tableName(), Key: noticeKeys.item(noticeId), UpdateExpression: 'SET gsi2pk = :legacy', ExpressionAttributeValues: { ':legacy': 'OUTBOX#PENDING' } }));

    await runSender();
    await runSender();

    expect(await emailsFor(tag)).toHaveLength(1);
    const stored = await db().send(new GetCommand({ TableName: tableName(), Key: noticeKeys.item(noticeId), ConsistentRead: true }));
    expect(stored.Item).toMatchObject({ id: noticeId });
    expect(stored.Item?.gsi2pk).toBeUndefined();
  });
});

describe('items due on a day across shards', () => {
  it('reads every shard of the day and the legacy key, in due time order', async () => {
    const day = '2032-08-01';
    const ids = idsInDistinctShards('due-shard-', 4, shardCounts.due);
    const items: Item[] = ids.map((id, index) => ({
      pk: 'EVENT#sharded-test', sk: `TIMELINE#${id}`, gsi2pk: dueKeys.partition(day, id), gsi2sk: dueKeys.sort(`${day}T0${index}:00:00Z`, 'TIMELINE', id),
    }));
    const legacy = { pk: 'EVENT#sharded-test', sk: 'TIMELINE#due-legacy', gsi2pk: `DUE#${day}`, gsi2sk: dueKeys.sort(`${day}T01:30:00Z`, 'TIMELINE', 'due-legacy') };
    await putAll([...items, legacy]);

    const pages: Item[][] = [];
    for await (const page of dueOnDayPages(day, 3)) pages.push(page);

    expect(new Set(items.map((item) => item.gsi2pk)).size).toBe(4);
    expect(pages.flat().map((item) => item.sk)).toEqual([items[0]?.sk, items[1]?.sk, legacy.sk, items[2]?.sk, items[3]?.sk]);
    expect(pages.map((page) => page.length)).toEqual([3, 2]);
  });
});

describe('budget changes across shards', () => {
  it('counts the markers of every shard and the legacy key', async () => {
    const day = '2032-09-01';
    const eventIds = idsInDistinctShards('budget-shard-', 3, shardCounts.budgetChange);
    const markers: Item[] = eventIds.map((eventId) => ({
      pk: `EVENT#${eventId}`, sk: `BUDGETCHANGE#${day}`, gsi2pk: budgetChangeKeys.partition(day, eventId), gsi2sk: budgetChangeKeys.sort(`${day}T09:00:00Z`, eventId),
    }));
    const legacy = { pk: 'EVENT#budget-legacy', sk: `BUDGETCHANGE#${day}`, gsi2pk: `BUDGETCHANGE#${day}`, gsi2sk: budgetChangeKeys.sort(`${day}T09:30:00Z`, 'budget-legacy') };
    await putAll([...markers, legacy]);

    const run = await runOverspendCheck(new Date(`${day}T10:00:00Z`), 'sharded-overspend');

    expect(new Set(markers.map((marker) => marker.gsi2pk)).size).toBe(3);
    expect(run).toMatchObject({ days: [day], budgetChanges: 4 });
  });
});
