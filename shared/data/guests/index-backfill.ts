import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { forEachItemToMigrate } from '../migration-scan.ts';
import { derivedAttributes, guestFromItem, legacySearchText } from './reads.ts';

/**
 * The guest list's index keys (GSI2 by name, GSI3 by answer) for guests written before them (issue 15):
 * an operator's one-off run (`npm run migrate:guest-index`), never a request or a job, so it may Scan.
 * Each guest found without them is updated at the version read; a guest changed meanwhile was given its
 * keys by that write and is skipped. Idempotent: a second run finds nothing to do.
 */
export type GuestIndexBackfill = { scanned: number; updated: number; changedMeanwhile: number };

const UPDATES_IN_FLIGHT = 10;

export async function backfillGuestIndexKeys(): Promise<GuestIndexBackfill> {
  const tally = { updated: 0, changedMeanwhile: 0 };
  const scanned = await forEachItemToMigrate(
    {
      expression: '#type = :guest AND (attribute_not_exists(gsi3pk) OR attribute_exists(#legacy))',
      names: { '#type': 'type', '#legacy': legacySearchText },
      values: { ':guest': 'guest' },
    },
    UPDATES_IN_FLIGHT,
    async (item) => {
      tally[(await addIndexKeys(item)) ? 'updated' : 'changedMeanwhile'] += 1;
    },
  );
  return { scanned, ...tally };
}

async function addIndexKeys(item: Record<string, unknown>): Promise<boolean> {
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
