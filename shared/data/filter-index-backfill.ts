import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentRecord } from '../domain/documents/rules.ts';
import { db, tableName } from './client.ts';
import { documentIndexAttributes } from './documents/records.ts';
import { vendorFromItem, vendorIndexAttributes } from './vendors.ts';

/**
 * A vendor or document written before its filter partitions (GSI2, GSI3: shared/data/child-page.ts;
 * issue 15) given them: migration 0003 (shared/data/migrations/0003-filter-index.ts). The update is
 * conditional on the item being as read (its `version`, a document's `current_version`); one changed
 * meanwhile got its keys from that write and is left as it is (false).
 */
export async function giveFilterIndexKeys(item: Record<string, unknown>): Promise<boolean> {
  const isVendor = item.type === 'vendor';
  const keys: Record<string, string> = isVendor ? vendorIndexAttributes(vendorFromItem(item)) : documentIndexAttributes(item as unknown as DocumentRecord);
  const names = Object.keys(keys);
  const readField = isVendor ? 'version' : 'current_version';
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: `SET ${names.map((name) => `${name} = :${name}`).join(', ')}`,
      ConditionExpression: '#read = :read',
      ExpressionAttributeNames: { '#read': readField },
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, keys[name]])), ':read': item[readField] },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
