import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentRecord } from '../domain/documents/rules.ts';
import { db, tableName } from './client.ts';
import { documentIndexAttributes } from './documents/records.ts';
import { forEachItemToMigrate } from './migration-scan.ts';
import { vendorFromItem, vendorIndexAttributes } from './vendors.ts';

/**
 * The vendors' and documents' filter partitions (GSI2, GSI3: shared/data/child-page.ts) for items written
 * before them (issue 15): an operator's one-off run (`npm run migrate:filter-index`), never a request or a
 * job, so it may Scan. Each vendor or document found without `gsi3pk` is updated on the condition that
 * it is as read (its `version`, a document's `current_version`); one changed meanwhile got its keys from
 * that write and is skipped. Idempotent: a second run finds nothing to do.
 */
export type FilterIndexBackfill = { scanned: number; updated: number; changedMeanwhile: number };

const UPDATES_IN_FLIGHT = 10;

export async function backfillFilterIndexKeys(): Promise<FilterIndexBackfill> {
  const tally = { updated: 0, changedMeanwhile: 0 };
  const scanned = await forEachItemToMigrate(
    { expression: '#type IN (:vendor, :document) AND attribute_not_exists(gsi3pk)', names: { '#type': 'type' }, values: { ':vendor': 'vendor', ':document': 'document' } },
    UPDATES_IN_FLIGHT,
    async (item) => {
      tally[(await addIndexKeys(item)) ? 'updated' : 'changedMeanwhile'] += 1;
    },
  );
  return { scanned, ...tally };
}

async function addIndexKeys(item: Record<string, unknown>): Promise<boolean> {
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
