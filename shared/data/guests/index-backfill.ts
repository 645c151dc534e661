import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { derivedAttributes, guestFromItem, legacySearchText } from './reads.ts';

/**
 * A guest written before the list's index keys (GSI2 by name, GSI3 by answer; issue 15) given them:
 * migration 0001 (shared/data/migrations/0001-guest-index.ts). The update is conditional on the version
 * read; a guest changed meanwhile was given its keys by that write, and is left as it is (false).
 */
export async function giveGuestIndexKeys(item: Record<string, unknown>): Promise<boolean> {
  const guest = guestFromItem(item);
  const derived = derivedAttributes(guest);
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'SET gsi2pk = :byNamePk, gsi2sk = :byName, gsi3pk = :byStatusPk, gsi3sk = :byName REMOVE #legacy',
      ConditionExpression: '#version = :read',
      ExpressionAttributeNames: { '#version': 'version', '#legacy': legacySearchText },
      ExpressionAttributeValues: { ':byNamePk': derived.gsi2pk, ':byName': derived.gsi2sk, ':byStatusPk': derived.gsi3pk, ':read': guest.version },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
