import { beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/data/client.ts';
import { invitationKeys, migrationKeys } from '../../shared/data/keys.ts';
import { moveLegacyRow } from '../../shared/data/invitations/legacy-rows.ts';
import { inviteeShardsMigration } from '../../shared/data/migrations/0008-invitee-shards.ts';
import { runMigrations } from '../../shared/data/migrations/runner.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { api, collection, createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests } from './guests-fixtures.ts';
import { addressOf, deliverSesEvents, emailsFor, invitationsApi, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * Invitation rows in their batch's shards (issue 15, docs/data-model.md "Invitation rows") and migration
 * 0008, which moves rows written in the event's collection there. The file's table starts without 0008's
 * checkpoint, so the reads and row writes run in the migration's window until the migration is done.
 */
type Item = Record<string, unknown>;
type ListedRow = { guest_id: string; status: string; email: string };

let planner: SignedInUser;

const query = async (pk: string, prefix?: string): Promise<Item[]> => (await db().send(new QueryCommand({
  TableName: tableName(),
  KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
  ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':prefix': prefix } : {}) },
  ConsistentRead: true,
}))).Items ?? [];

const shardRows = async (batchId: string) => (await Promise.all(invitationKeys.recipientPartitions(batchId).map((pk) => query(pk)))).flat();

async function queuedBatch(guests: number) {
  const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
  const tag = uniqueTag();
  await addGuests(planner, event.id, Array.from({ length: guests }, (_, index) => ({ name: `Guest ${index}`, email: `g${index}.${tag}@example.com` })));
  const queued = await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, {});
  expect(queued.status).toBe(202);
  const history = await invitationsApi(planner, 'GET', `/api/events/${event.id}/invitations`);
  return { eventId: event.id as string, tag, batchId: history.body.data[0].id as string };
}

/** The batch's rows as the release before wrote them: in the event's collection, `INVITEE#<batchId>#<guestId>`. */
async function toLegacyRows(eventId: string, batchId: string): Promise<void> {
  for (const row of await shardRows(batchId)) {
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...row, ...invitationKeys.legacyRecipient(eventId, batchId, String(row.guest_id)) } }));
    await db().send(new DeleteCommand({ TableName: tableName(), Key: { pk: row.pk, sk: row.sk } }));
  }
}

async function rowPages(eventId: string, batchId: string, limit: number): Promise<ListedRow[][]> {
  const pages: ListedRow[][] = [];
  let cursor: string | null = null;
  do {
    const page = await invitationsApi(planner, 'GET', `/api/events/${eventId}/invitations`, undefined, { batch_id: batchId, limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(page.status).toBe(200);
    pages.push(page.body.data);
    cursor = page.body.meta.next_cursor;
  } while (cursor);
  return pages;
}

beforeAll(async () => {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: migrationKeys.checkpoint(inviteeShardsMigration.id) }));
  planner = await signedInUser();
});

describe('invitation rows', () => {
  it('are written to the batch’s shards, none in the event’s collection, spread by guest id', async () => {
    const { eventId, batchId } = await queuedBatch(12);

    const rows = await shardRows(batchId);
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => String(row.sk) === `INVITEE#${String(row.guest_id)}` && row.pk === invitationKeys.recipient(batchId, String(row.guest_id)).pk)).toBe(true);
    expect(new Set(rows.map((row) => row.pk)).size).toBeGreaterThan(1);
    expect(await query(`EVENT#${eventId}`, 'INVITEE')).toEqual([]);
    const pages = await rowPages(eventId, batchId, 5);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    const ids = pages.flat().map((row) => row.guest_id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it('of a batch sent while migration 0008 is half done are read, sent and recorded exactly once; the migration then moves the rest, and again changes nothing', { timeout: 60_000 }, async () => {
    const { eventId, tag, batchId } = await queuedBatch(8);
    await toLegacyRows(eventId, batchId);
    const legacy = await query(`EVENT#${eventId}`, invitationKeys.legacyRecipientsOf(batchId));
    for (const row of legacy.slice(0, 4)) expect(await moveLegacyRow({ pk: String(row.pk), sk: String(row.sk) })).toBe(true);

    const halfway = (await rowPages(eventId, batchId, 3)).flat();
    // The sender and the rest of the migration at once: a row may move between its read, its claim and its record.
    const [run, first] = await Promise.all([runSender(), runMigrations({ owner: 'invitee-shards-1', migrations: [inviteeShardsMigration] })]);
    await deliverSesEvents(); // SES's Send events of the rows, each finding its row
    const emails = await emailsFor(tag);
    const moved = await shardRows(batchId);
    const again = await runMigrations({ owner: 'invitee-shards-2', restart: true, migrations: [inviteeShardsMigration] });
    const after = (await rowPages(eventId, batchId, 3)).flat();
    const history = await invitationsApi(planner, 'GET', `/api/events/${eventId}/invitations`);

    expect(legacy).toHaveLength(8);
    expect(halfway.map((row) => row.guest_id)).toEqual(legacy.map((row) => String(row.guest_id)).sort());
    expect(run.invitations_sent).toBe(8 + 12); // and the first test's batch
    expect(new Set(emails.map((email) => addressOf(email.destination.to[0] as string))).size).toBe(8);
    expect(emails).toHaveLength(8);
    expect(first.migrations[0]).toMatchObject({ outcome: 'done', rewritten: 4 });
    expect(again.migrations[0]).toMatchObject({ outcome: 'done', rewritten: 0, changed_meanwhile: 0 });
    expect(await query(`EVENT#${eventId}`, 'INVITEE#')).toEqual([]);
    expect(moved).toHaveLength(8);
    expect(await shardRows(batchId)).toEqual(moved);
    expect(moved.every((row) => row.status === 'sent' && typeof row.message_id === 'string' && row.sending_at === undefined)).toBe(true);
    expect(after.map((row) => row.guest_id)).toEqual(halfway.map((row) => row.guest_id));
    expect(after.every((row) => row.status === 'sent')).toBe(true);
    expect(history.body.data[0]).toMatchObject({ queued: 8, sent: 8, failed: 0 });
  });

  it('go with their event’s deletion, found from its batches, and so do the rows of a request that failed before its batch was written', async () => {
    const { eventId, batchId } = await queuedBatch(5);
    const failedBatchId = `${batchId}X`;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...invitationKeys.pendingBatch(eventId, failedBatchId), type: 'invitation_batch_pending', batch_id: failedBatchId } }));
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...invitationKeys.recipient(failedBatchId, 'g1'), type: 'invitation_row', batch_id: failedBatchId, event_id: eventId, guest_id: 'g1', status: 'queued', attempts: 0 } }));
    expect(await shardRows(batchId)).toHaveLength(5);

    const deleted = await api(planner, 'DELETE', `/api/events/${eventId}`);

    expect(deleted.status).toBe(200);
    expect(await shardRows(batchId)).toEqual([]);
    expect(await shardRows(failedBatchId)).toEqual([]);
    expect(await collection(eventId)).toEqual([]);
  });
});
