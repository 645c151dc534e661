// @ts-nocheck
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { idempotencyKeys } from './keys.ts';

/** A stored first answer to a POST carrying an Idempotency-Key, kept 24 hours per caller. */
export type IdempotencyRecord = {
  status: 'in_progress' | 'done';
  fingerprint: string;
  response?: { statusCode: number; headers: Record<string, string>; body: string };
};

const KEEP_SECONDS = 24 * 3600;
/**
 * A claim whose request never finished (its completion or release failed, or the function died) may be
 * taken again after this: longer than any request runs (API Gateway gives up at 30 s), so a request
 * still running is never overtaken, and short enough that the caller's retry is not refused for a day.
 */
const IN_PROGRESS_SECONDS = 60;

/** Claims the key for this request; answers the existing record when someone already holds it. */
export async function claimIdempotencyKey(
  callerId: string,
  key: string,
  fingerprint: string,
  attemptsLeft = 3,
): Promise<{ claimed: true } | { claimed: false; record: IdempotencyRecord }> {
  const itemKey = idempotencyKeys.item(callerId, key);
  const now = Math.floor(Date.now() / 1000);
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...itemKey, type: 'idempotency', status: 'in_progress', fingerprint, ttl: now + IN_PROGRESS_SECONDS },
        // An expired record (TTL not yet swept, or an abandoned claim) may be reclaimed.
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return { claimed: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const existing = await db().send(new GetCommand({ TableName: tableName(), Key: itemKey, ConsistentRead: true }));
  if (existing.Item) return { claimed: false, record: existing.Item as IdempotencyRecord };
  // Released between our claim and this read (the holder's request failed): free again, so claim it; a
  // key that keeps changing hands is reported as still running, which the caller may retry.
  if (attemptsLeft > 1) return claimIdempotencyKey(callerId, key, fingerprint, attemptsLeft - 1);
  return { claimed: false, record: { status: 'in_progress', fingerprint } };
}

export async function completeIdempotencyKey(
  callerId: string,
  key: string,
  response: NonNullable<IdempotencyRecord['response']>,
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: idempotencyKeys.item(callerId, key),
      UpdateExpression: 'SET #status = :done, #response = :response, #ttl = :ttl',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':done': 'done', ':response': response, ':ttl': Math.floor(Date.now() / 1000) + KEEP_SECONDS },
    }),
  );
}

/** A request that failed releases its key, so the caller may retry it. */
export async function releaseIdempotencyKey(callerId: string, key: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: idempotencyKeys.item(callerId, key) }));
}
