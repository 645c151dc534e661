import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvitationRowStatus, BatchStatus } from '../domain/invitation-delivery.ts';
import type { AudienceSegment } from '../domain/invitation-audience.ts';
import type { InvitationRow } from '../domain/invitation-stats.ts';
import type { InvitationTemplate } from '../email/invitation-templates.ts';
import { NotFoundError } from '../http/errors.ts';
import { db, tableName } from './client.ts';
import { queryAllPages, queryChildren } from './collection.ts';
import { childKeys, eventKeys, invitationKeys, type Key, outboxKeys } from './keys.ts';
import { liveEventCheck } from './live-event.ts';
import { type TransactItem, TransactionConditionFailed, transact } from './transact.ts';

/**
 * Invitation batches and their rows (one per guest and batch) in the event's collection. A batch is
 * recorded rows first, then the batch item with its outbox key in one transaction with the event's
 * liveness check and the audit entry, so the sender never sees a batch whose rows are still being written
 * (rows left behind by a failed request have no batch and are never sent).
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
  attempts: number;
  created_by: string;
  created_at: string;
  completed_at?: string;
};

const BATCH_WRITE_LIMIT = 25;
const MAX_ATTEMPTS = 10;
const storageOnly = ['pk', 'sk', 'type', 'gsi2pk', 'gsi2sk', 'lease_until'];
const strip = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([name]) => !storageOnly.includes(name)));

export const batchFromItem = (item: Record<string, unknown>) => strip(item) as InvitationBatch;
export const rowFromItem = (item: Record<string, unknown>) => strip(item) as InvitationRow;
export const batchKey = (eventId: string, batchId: string): Key => childKeys.item('invitation', eventId, batchId);
export const rowKey = (row: Pick<InvitationRow, 'event_id' | 'batch_id' | 'guest_id'>): Key => invitationKeys.recipient(row.event_id, row.batch_id, row.guest_id);

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

/** Records a batch and its rows (see above); a gone or deleting event is a 404. */
export async function recordInvitationBatch(batch: InvitationBatch, recipients: Array<{ guest_id: string; email: string }>, alsoWrite: TransactItem[]): Promise<void> {
  await batchPutAll(recipients.map(({ guest_id, email }) => ({
    ...invitationKeys.recipient(batch.event_id, batch.id, guest_id),
    type: 'invitation_row', batch_id: batch.id, event_id: batch.event_id, guest_id, email, status: 'queued', attempts: 0,
  })));
  try {
    await transact([
      liveEventCheck(batch.event_id),
      {
        Put: {
          Item: { ...batchKey(batch.event_id, batch.id), type: 'invitation_batch', ...batch, gsi2pk: outboxKeys.partition, gsi2sk: outboxKeys.sort(batch.send_at, 'INVITATION', batch.id) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...alsoWrite,
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) throw new NotFoundError('event');
    throw error;
  }
}

/** Every batch of an event, oldest first (pattern 11 for INVITATION#). */
export async function listInvitationBatches(eventId: string): Promise<InvitationBatch[]> {
  return (await queryChildren('invitation', eventId)).map(batchFromItem);
}

/** Every invitation row of an event, or of one batch (Query begins_with INVITEE#[<batchId>#], strong). */
export async function listInvitationRows(eventId: string, batchId?: string): Promise<InvitationRow[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': batchId ? invitationKeys.recipientsOf(batchId) : invitationKeys.recipientPrefix },
    ConsistentRead: true,
  });
  return items.map(rowFromItem);
}

export type RowOutcome =
  | { status: 'sent'; sent_at: string; message_id: string }
  | { status: 'failed' | 'retry' | 'skipped'; failure: string; attempts: number };

/**
 * Records what happened to one row. A send is recorded only over a row not yet sent (a second run that
 * somehow sent the same row is reported as `duplicate`), and on a guest's first invitation the guest's
 * `invited_at` is set in the same transaction (a removed guest leaves the row recorded alone).
 */
export async function recordRowOutcome(row: InvitationRow, outcome: RowOutcome, markGuestInvited: boolean): Promise<'recorded' | 'duplicate'> {
  const sets = outcome.status === 'sent'
    ? { expression: 'SET #status = :status, sent_at = :sent_at, message_id = :message_id REMOVE failure', values: { ':status': 'sent', ':sent_at': outcome.sent_at, ':message_id': outcome.message_id } }
    : { expression: 'SET #status = :status, failure = :failure, attempts = :attempts', values: { ':status': outcome.status, ':failure': outcome.failure, ':attempts': outcome.attempts } };
  const rowUpdate = {
    Key: rowKey(row),
    UpdateExpression: sets.expression,
    ConditionExpression: 'attribute_exists(pk) AND #status <> :sentStatus',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ...sets.values, ':sentStatus': 'sent' satisfies InvitationRowStatus },
  };
  if (outcome.status === 'sent' && markGuestInvited) {
    const guestUpdate: TransactItem = {
      Update: {
        Key: childKeys.item('guest', row.event_id, row.guest_id),
        UpdateExpression: 'SET invited_at = if_not_exists(invited_at, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': outcome.sent_at },
      },
    };
    try {
      await transact([{ Update: rowUpdate }, guestUpdate]);
      return 'recorded';
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedIndexes.includes(0)) return 'duplicate';
      // The guest was removed after the send: the row still records the email that went out.
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

export type DeliveryEventField = 'delivered_at' | 'opened_at' | 'clicked_at' | 'bounced_at' | 'complained_at';

/** Notes an SES event on a row, first occurrence only; false when the row does not exist (deleted event). */
export async function recordRowDeliveryEvent(row: Pick<InvitationRow, 'event_id' | 'batch_id' | 'guest_id'>, field: DeliveryEventField, at: string, detail?: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: rowKey(row),
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
