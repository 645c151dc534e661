import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvitationRowStatus, BatchStatus } from '../../domain/invitations/delivery.ts';
import type { AudienceSegment } from '../../domain/invitations/audience.ts';
import type { InvitationRow } from '../../domain/invitations/stats.ts';
import type { InvitationTemplate } from '../../email/invitation-templates.ts';
import { NotFoundError } from '../../http/errors.ts';
import { db, tableName } from '../client.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { childKeys, eventKeys, invitationKeys, type Key, outboxKeys } from '../keys.ts';
import { locateRow, readBatchRowPage, readBatchRows, readEventRows, readRow, writeRow } from './recipients.ts';
import { liveEventCheck } from '../events/live-event.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * Invitation batches (in the event's collection) and their rows (one per guest and batch, in the batch's
 * shards: ./recipients.ts). A batch is recorded marker first (`INVITEEBATCH#<batchId>` in the event's
 * collection), then its rows, then the batch item with its outbox key in one transaction with the event's
 * liveness check, the audit entry and the marker's removal, so the sender never sees a batch whose rows
 * are still being written (rows left behind by a failed request have no batch and are never sent; their
 * marker stays, so the event's deletion finds and deletes them).
 */
export type InvitationBatch = {
  id: string;
  event_id: string;
  status: BatchStatus;
  template: InvitationTemplate;
  send_at: string;
  resend: boolean;
  audience?: AudienceSegment;
  recipient_count: number;
  sent_count: number;
  failed_count: number;
  skipped_count: number;
  /** Rows first opened and first answered (shared/domain/invitations/counters.ts); absent is 0. */
  opened_count?: number;
  answered_count?: number;
  attempts: number;
  created_by: string;
  created_at: string;
  completed_at?: string;
};

const BATCH_WRITE_LIMIT = 25;
/** The quota charge's place in the batch's transaction: after the event check and the batch. */
const QUOTA_CHARGE_INDEX = 2;
const MAX_ATTEMPTS = 10;
const storageOnly = ['pk', 'sk', 'type', 'gsi2pk', 'gsi2sk', 'lease_until'];
const strip = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([name]) => !storageOnly.includes(name)));

export const batchFromItem = (item: Record<string, unknown>) => strip(item) as InvitationBatch;
export const rowFromItem = (item: Record<string, unknown>) => strip(item) as InvitationRow;
export const batchKey = (eventId: string, batchId: string): Key => childKeys.item('invitation', eventId, batchId);
/** A row's key: its shard's, or in migration 0008's window its legacy key while it is still there (./recipients.ts). */
export const rowKey = (row: Pick<InvitationRow, 'event_id' | 'batch_id' | 'guest_id'>): Promise<Key> => locateRow(row);

/** Puts items 25 per BatchWriteItem, retrying what DynamoDB leaves unprocessed. */
async function batchPutAll(items: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    let pending = items.slice(start, start + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchWriteItem left ${pending.length} rows unwritten`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2_000, 25 * 2 ** attempt)));
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (result.UnprocessedItems?.[tableName()] as typeof pending | undefined) ?? [];
    }
  }
}

/**
 * Records a batch and its rows (see above); a gone or deleting event is a 404. `quotaCharge` (the sender's
 * daily sending quota, shared/data/accounts/sending-quota.ts) commits with the batch or not at all:
 * 'quota_taken' when its condition failed, and then nothing is sent.
 */
export async function recordInvitationBatch(
  batch: InvitationBatch,
  recipients: Array<{ guest_id: string; email: string }>,
  quotaCharge: TransactItem,
  alsoWrite: TransactItem[],
): Promise<'recorded' | 'quota_taken'> {
  const marker = invitationKeys.pendingBatch(batch.event_id, batch.id);
  try {
    await transact([liveEventCheck(batch.event_id), { Put: { Item: { ...marker, type: 'invitation_batch_pending', batch_id: batch.id } } }]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) throw new NotFoundError('event');
    throw error;
  }
  await batchPutAll(recipients.map(({ guest_id, email }) => ({
    ...invitationKeys.recipient(batch.id, guest_id),
    type: 'invitation_row', batch_id: batch.id, event_id: batch.event_id, guest_id, email, status: 'queued', attempts: 0,
  })));
  try {
    await transact([
      liveEventCheck(batch.event_id),
      {
        Put: {
          Item: { ...batchKey(batch.event_id, batch.id), type: 'invitation_batch', ...batch, gsi2pk: outboxKeys.partition(batch.id), gsi2sk: outboxKeys.sort(batch.send_at, 'INVITATION', batch.id) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      quotaCharge,
      { Delete: { Key: marker } },
      ...alsoWrite,
    ]);
    return 'recorded';
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) throw new NotFoundError('event');
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(QUOTA_CHARGE_INDEX)) return 'quota_taken';
    throw error;
  }
}

export type Page = { limit: number; cursor?: string };

/**
 * `limit + 1` items of one prefix of the event's collection from the cursor on, strong: the first `limit`
 * and, when more follow, a cursor after the last of them (a Query cut short by its 1 MB also leaves
 * one). The cursor is the last item's key, refused unless it lies within this partition and prefix.
 */
async function pageOfPrefix(eventId: string, prefix: string, page: Page, newestFirst: boolean) {
  const pk = eventKeys.partition(eventId);
  const start = decodeCursor(page.cursor, { pk }, { sk: prefix });
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ScanIndexForward: !newestFirst,
      Limit: page.limit + 1,
      ExclusiveStartKey: start ? { pk: start.pk, sk: start.sk } : undefined,
      ConsistentRead: true,
    }),
  );
  const found = result.Items ?? [];
  const items = found.slice(0, page.limit);
  const last = items.at(-1);
  const more = found.length > page.limit || result.LastEvaluatedKey !== undefined;
  return { items, nextCursor: more && last ? encodeCursor({ pk, sk: String(last.sk) }) : null };
}

/** A page of an event's batches, newest first (batch ids are ULIDs): one Query (pattern I2). */
export async function listInvitationBatchPage(eventId: string, page: Page): Promise<{ batches: InvitationBatch[]; nextCursor: string | null }> {
  const { items, nextCursor } = await pageOfPrefix(eventId, childKeys.prefix('invitation'), page, true);
  return { batches: items.map(batchFromItem), nextCursor };
}

/** A page of one batch's rows, by guest id: one Query of `limit + 1` per shard, merged (pattern I2). */
export async function listBatchRowPage(eventId: string, batchId: string, page: Page): Promise<{ rows: InvitationRow[]; nextCursor: string | null }> {
  const { items, nextCursor } = await readBatchRowPage(eventId, batchId, page);
  return { rows: items.map(rowFromItem), nextCursor };
}

/** One batch of the event, or null (strong GetItem). */
export async function getInvitationBatch(eventId: string, batchId: string): Promise<InvitationBatch | null> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: batchKey(eventId, batchId), ConsistentRead: true }));
  return result.Item ? batchFromItem(result.Item) : null;
}

/** Every invitation row of an event (batch by batch), or of one batch (its shards, by guest id), strong. */
export async function listInvitationRows(eventId: string, batchId?: string): Promise<InvitationRow[]> {
  const items = batchId ? await readBatchRows(eventId, batchId) : await readEventRows(eventId);
  return items.map(rowFromItem);
}

export type RowOutcome =
  | { status: 'sent'; sent_at: string; message_id: string }
  /** `inDoubt`: SES may have accepted the message anyway (a transient failure), so the claim stays. */
  | { status: 'failed' | 'retry' | 'skipped'; failure: string; attempts: number; inDoubt?: boolean };

/**
 * Claims a row for one send attempt before SES is called: `sending_at` and a fresh `send_attempt` (named in
 * the email's tags). Only an unsent row that is not already in doubt, or whose doubt has expired (claimed
 * at or before `staleBefore`), can be claimed; false otherwise.
 */
export async function claimRowSend(row: InvitationRow, claim: { attempt: string; at: string; staleBefore: string }): Promise<boolean> {
  return writeRow(row, (key) => claimRowSendAt(key, claim), (claimed) => claimed);
}

async function claimRowSendAt(key: Key, claim: { attempt: string; at: string; staleBefore: string }): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET sending_at = :at, send_attempt = :attempt',
        ConditionExpression: 'attribute_exists(pk) AND #status IN (:queued, :retry) AND (attribute_not_exists(sending_at) OR sending_at <= :staleBefore)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':at': claim.at, ':attempt': claim.attempt, ':staleBefore': claim.staleBefore,
          ':queued': 'queued' satisfies InvitationRowStatus, ':retry': 'retry' satisfies InvitationRowStatus,
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Records what happened to one row. A send is recorded only over a row not yet sent, or sent with this
 * very message (SES's Send event may have recorded it first); another message over a sent row is reported
 * as `duplicate`. A send moves the guest in the same transaction: its first `invited_at`, and this batch
 * as the latest that reached them (`invitation_batch_id`, which their page opens and answers count for)
 * unless a later batch is there already; a removed guest, or a later batch, leaves the row recorded
 * alone. Recording a send, or a failure that certainly sent nothing, ends the row's claim; a transient
 * failure keeps it (the send stays in doubt).
 */
export async function recordRowOutcome(row: Pick<InvitationRow, 'event_id' | 'batch_id' | 'guest_id'>, outcome: RowOutcome): Promise<'recorded' | 'duplicate'> {
  return writeRow(row, (key) => recordRowOutcomeAt(key, row, outcome), (result) => result === 'recorded');
}

async function recordRowOutcomeAt(key: Key, row: Pick<InvitationRow, 'event_id' | 'batch_id' | 'guest_id'>, outcome: RowOutcome): Promise<'recorded' | 'duplicate'> {
  const sets = outcome.status === 'sent'
    ? { expression: 'SET #status = :status, sent_at = :sent_at, message_id = :message_id REMOVE failure, sending_at', values: { ':status': 'sent', ':sent_at': outcome.sent_at, ':message_id': outcome.message_id } }
    : { expression: `SET #status = :status, failure = :failure, attempts = :attempts${outcome.inDoubt ? '' : ' REMOVE sending_at'}`, values: { ':status': outcome.status, ':failure': outcome.failure, ':attempts': outcome.attempts } };
  const rowUpdate = {
    Key: key,
    UpdateExpression: sets.expression,
    ConditionExpression: outcome.status === 'sent' ? 'attribute_exists(pk) AND (#status <> :sentStatus OR message_id = :message_id)' : 'attribute_exists(pk) AND #status <> :sentStatus',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ...sets.values, ':sentStatus': 'sent' satisfies InvitationRowStatus },
  };
  if (outcome.status === 'sent') {
    // Batch ids are ULIDs: a later batch sorts after this one.
    const guestUpdate: TransactItem = {
      Update: {
        Key: childKeys.item('guest', row.event_id, row.guest_id),
        UpdateExpression: 'SET invited_at = if_not_exists(invited_at, :at), invitation_batch_id = :batch',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(invitation_batch_id) OR invitation_batch_id < :batch)',
        ExpressionAttributeValues: { ':at': outcome.sent_at, ':batch': row.batch_id },
      },
    };
    try {
      await transact([{ Update: rowUpdate }, guestUpdate]);
      return 'recorded';
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedIndexes.includes(0)) return 'duplicate';
      // The guest was removed after the send, or a later batch reached them first: the row still records the email that went out.
    }
  }
  try {
    await db().send(new UpdateCommand({ TableName: tableName(), ...rowUpdate }));
    return 'recorded';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'duplicate';
    throw error;
  }
}

/**
 * SES's Send event for a row (it accepted the message): recorded as the sender would have, with the
 * guest's first `invited_at`. Read first, because the sender has almost always recorded the send already:
 * then the event costs one read. A repeat of the event changes nothing; a row sent with another message is
 * a `duplicate_send`; a row that no longer exists (deleted event) is `row_gone`.
 */
export async function recordRowSendAccepted(row: Pick<InvitationRow, 'event_id' | 'batch_id' | 'guest_id'>, send: { message_id: string; sent_at: string }): Promise<'recorded' | 'duplicate_send' | 'row_gone'> {
  const item = await readRow(row);
  if (!item) return 'row_gone';
  const current = rowFromItem(item);
  if (current.status === 'sent') return current.message_id === send.message_id ? 'recorded' : 'duplicate_send';
  return (await recordRowOutcome(row, { status: 'sent', ...send })) === 'recorded' ? 'recorded' : 'duplicate_send';
}

export type DeliveryEventField = 'delivered_at' | 'opened_at' | 'clicked_at' | 'bounced_at' | 'complained_at';

/** Notes an SES event on a row, first occurrence only; false when the row does not exist (deleted event). */
export async function recordRowDeliveryEvent(row: Pick<InvitationRow, 'event_id' | 'batch_id' | 'guest_id'>, field: DeliveryEventField, at: string, detail?: string): Promise<boolean> {
  return writeRow(row, (key) => recordRowDeliveryEventAt(key, field, at, detail), (recorded) => recorded);
}

async function recordRowDeliveryEventAt(key: Key, field: DeliveryEventField, at: string, detail?: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET #field = if_not_exists(#field, :at)${detail ? ', delivery_detail = :detail' : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#field': field },
        ExpressionAttributeValues: { ':at': at, ...(detail ? { ':detail': detail } : {}) },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
