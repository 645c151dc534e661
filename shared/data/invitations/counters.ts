import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvitationRow } from '../../domain/invitations/stats.ts';
import { db, tableName } from '../client.ts';
import { childKeys, type Key } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';
import { writeRow } from './recipients.ts';
import { batchKey, rowKey } from './rows.ts';

/**
 * The batches' open and answer counters (shared/domain/invitations/counters.ts): each moves in one
 * transaction with the row mark it counts, on the condition that the row is not marked yet. Rows are
 * deleted only with their event, so a row a guest points at exists while the guest does.
 */
type RowRef = Pick<InvitationRow, 'event_id' | 'batch_id' | 'guest_id'>;

/** Marks the row's first `opened_at` or `answered_at` (fails its condition when already marked). */
const firstMark = (rowKey: Key, field: 'opened_at' | 'answered_at', at: string): TransactItem => ({
  Update: {
    Key: rowKey,
    UpdateExpression: 'SET #field = :at',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#field)',
    ExpressionAttributeNames: { '#field': field },
    ExpressionAttributeValues: { ':at': at },
  },
});

const countOnBatch = (row: RowRef, counter: 'opened_count' | 'answered_count'): TransactItem => ({
  Update: {
    Key: batchKey(row.event_id, row.batch_id),
    UpdateExpression: 'ADD #counter :one',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#counter': counter },
    ExpressionAttributeValues: { ':one': 1 },
  },
});

/**
 * The row's first answer and its batch's `answered_count`, for the answer's own transaction (shared/data/rsvp.ts),
 * which also sets the guest's `answered_batch_id` under the guest's version: only a concurrent answer,
 * which moves that version too, can have marked the row since the guest was read.
 */
export const answerCountWrites = async (row: RowRef, at: string): Promise<TransactItem[]> => [firstMark(await rowKey(row), 'answered_at', at), countOnBatch(row, 'answered_count')];

/** SES's open event of a row's email: its first `opened_at` and its batch's count; 'already' for a repeat or a gone row. */
export async function recordEmailOpen(row: RowRef, at: string): Promise<'recorded' | 'already'> {
  return writeRow(row, async (key) => {
    try {
      await transact([firstMark(key, 'opened_at', at), countOnBatch(row, 'opened_count')]);
      return 'recorded' as const;
    } catch (error) {
      if (error instanceof TransactionConditionFailed) return 'already' as const;
      throw error;
    }
  }, (outcome) => outcome === 'recorded');
}

export type PageOpenOutcome = 'recorded' | 'already' | 'guest_gone';

/**
 * A guest's view of their RSVP page (the `invitation.opened` consumer): the guest's first `opened_at` and,
 * with a batch, `opened_batch_id`, the batch row's first `opened_at` and the batch's count, in one
 * transaction. When the row was opened already (an SES open, or a redelivery) only the guest is noted.
 */
export async function recordPageOpen(open: { event_id: string; guest_id: string; batch_id?: string }, at: string): Promise<PageOpenOutcome> {
  const guestMark = {
    Key: childKeys.item('guest', open.event_id, open.guest_id),
    UpdateExpression: `SET opened_at = if_not_exists(opened_at, :at)${open.batch_id ? ', opened_batch_id = :batch' : ''}`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':at': at, ...(open.batch_id ? { ':batch': open.batch_id } : {}) },
  };
  if (open.batch_id) {
    const row = { event_id: open.event_id, batch_id: open.batch_id, guest_id: open.guest_id };
    const outcome = await writeRow(row, async (key) => {
      try {
        await transact([{ Update: guestMark }, firstMark(key, 'opened_at', at), countOnBatch(row, 'opened_count')]);
        return 'recorded' as const;
      } catch (error) {
        if (!(error instanceof TransactionConditionFailed)) throw error;
        return error.failedIndexes.includes(0) ? 'guest_gone' as const : 'already' as const;
      }
    }, (result) => result !== 'already');
    if (outcome !== 'already') return outcome;
  }
  try {
    await db().send(new UpdateCommand({ TableName: tableName(), ...guestMark }));
    return open.batch_id ? 'already' : 'recorded';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'guest_gone';
    throw error;
  }
}
