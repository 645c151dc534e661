import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { forEachItemToMigrate } from './migration-scan.ts';
import { vendorFromItem, vendorIndexAttributes } from './vendors.ts';

/**
 * The vendors list's filter partitions (GSI2 by service type, GSI3 by status) for vendors written before
 * them (issue 15): an operator's one-off run (`npm run migrate:vendor-index`), never a request or a job.
 * Each vendor found without them is updated at the version read; one changed meanwhile got its keys from
 * that write and is skipped. Idempotent: a second run finds nothing to do.
 */
export type VendorIndexBackfill = { scanned: number; updated: number; changedMeanwhile: number };

const UPDATES_IN_FLIGHT = 10;

export async function backfillVendorIndexKeys(): Promise<VendorIndexBackfill> {
  const tally = { updated: 0, changedMeanwhile: 0 };
  const scanned = await forEachItemToMigrate(
    { expression: '#type = :vendor AND attribute_not_exists(gsi3pk)', names: { '#type': 'type' }, values: { ':vendor': 'vendor' } },
    UPDATES_IN_FLIGHT,
    async (item) => {
      tally[(await addIndexKeys(item)) ? 'updated' : 'changedMeanwhile'] += 1;
    },
  );
  return { scanned, ...tally };
}

async function addIndexKeys(item: Record<string, unknown>): Promise<boolean> {
  const keys = vendorIndexAttributes(vendorFromItem(item));
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'SET gsi2pk = :g2pk, gsi2sk = :g2sk, gsi3pk = :g3pk, gsi3sk = :g3sk',
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':g2pk': keys.gsi2pk, ':g2sk': keys.gsi2sk, ':g3pk': keys.gsi3pk, ':g3sk': keys.gsi3sk, ':read': item.version },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
