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

/** Claims the key for this request; answers the existing record when someone already holds it. */
export async function claimIdempotencyKey(
  callerId: string,
  key: string,
  fingerprint: string,
): Promise<{ claimed: true } | { claimed: false; record: IdempotencyRecord }> {
  const itemKey = idempotencyKeys.item(callerId, key);
  const now = Math.floor(Date.now() / 1000);
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...itemKey, type: 'idempotency', status: 'in_progress', fingerprint, ttl: now + KEEP_SECONDS },
        // An expired record (TTL not yet swept) may be reclaimed.
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
  return { claimed: false, record: existing.Item as IdempotencyRecord };
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
      UpdateExpression: 'SET #status = :done, #response = :response',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: { ':done': 'done', ':response': response },
    }),
  );
}

/** A request that failed releases its key, so the caller may retry it. */
export async function releaseIdempotencyKey(callerId: string, key: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: idempotencyKeys.item(callerId, key) }));
}
