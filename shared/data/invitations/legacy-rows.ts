import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { invitationKeys, type Key } from '../keys.ts';
import { TransactionConditionFailed, transact } from '../transact.ts';

type Item = Record<string, unknown>;

/**
 * Every attribute an invitation row can have besides its keys (shared/domain/invitations/stats.ts
 * `InvitationRow`, the purge's scrub): the move's condition holds them all as read, so no request's write
 * in between is lost.
 */
const ROW_ATTRIBUTES = [
  'type', 'batch_id', 'event_id', 'guest_id', 'email', 'status', 'attempts', 'sent_at', 'message_id', 'sending_at', 'send_attempt', 'failure',
  'delivered_at', 'opened_at', 'answered_at', 'clicked_at', 'bounced_at', 'complained_at', 'delivery_detail',
] as const;
const ATTEMPTS = 5;

/** The Delete of the legacy row on the condition that it is still as read (present attributes equal, absent ones absent). */
function deleteIfUnchanged(key: Key, read: Item) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const terms = ['attribute_exists(pk)'];
  ROW_ATTRIBUTES.forEach((attribute, index) => {
    names[`#a${index}`] = attribute;
    if (read[attribute] === undefined) terms.push(`attribute_not_exists(#a${index})`);
    else {
      values[`:a${index}`] = read[attribute];
      terms.push(`#a${index} = :a${index}`);
    }
  });
  return { Delete: { Key: key, ConditionExpression: terms.join(' AND '), ExpressionAttributeNames: names, ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}) } };
}

/**
 * Migration 0008's step: moves one row written before issue 15's sharding from the event's collection to
 * its batch's shard, in one transaction: the Put of the row at its shard's key if none is there, and the
 * Delete of the legacy row if it is still as read. A request that wrote the row in between (a send, an
 * SES event, an open or an answer) makes it read again (5 times, then left for a later run); a row gone
 * (moved by another run, deleted with its event) is false, and so is a row already at its shard's key,
 * which no write makes (batches are new ids), left alone for the operator.
 */
export async function moveLegacyRow(legacy: Key): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const read = (await db().send(new GetCommand({ TableName: tableName(), Key: legacy, ConsistentRead: true }))).Item;
    if (!read) return false;
    const key = invitationKeys.recipient(String(read.batch_id), String(read.guest_id));
    const moved = { ...read, ...key };
    try {
      await transact([{ Put: { Item: moved, ConditionExpression: 'attribute_not_exists(pk)' } }, deleteIfUnchanged(legacy, read)]);
      return true;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedIndexes.includes(0)) return false;
    }
  }
  return false;
}
