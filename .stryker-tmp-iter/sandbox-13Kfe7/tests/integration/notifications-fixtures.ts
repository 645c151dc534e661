// @ts-nocheck
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/data/client.ts';
import { notificationKeys, userKeys } from '../../shared/data/keys.ts';
import type { SignedInUser } from '../support/signed-in-user.ts';

/** Every notification item stored for the user, read straight from the table (expired or not, every field). */
export async function notificationsOf(user: SignedInUser) {
  const result = await db().send(new QueryCommand({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': userKeys.item(user.userId).pk, ':prefix': notificationKeys.prefix },
    ConsistentRead: true,
  }));
  return result.Items ?? [];
}
