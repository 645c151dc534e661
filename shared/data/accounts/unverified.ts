import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { utcDay } from '../../domain/events/rules.ts';
import { db, tableName } from '../client.ts';
import { queryPages } from '../collection.ts';
import { unverifiedAccountKeys, userKeys } from '../keys.ts';
import type { IndexName } from '../table.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';
import type { UserRecord } from '../users.ts';
import { accountClaimReleases, clearUserPartition } from './account-removal.ts';

/**
 * Squatting expiry. Each account is written with a marker (`USER#<id>` / `UNVERIFIED`) filed in GSI2
 * under the day it expires unverified (`UNVERIFIED#<day>` / `<expires ISO>#USER#<id>`); verifying the
 * address deletes the marker in the same transaction. The accounts job Queries each recent day for due
 * markers (never a Scan) and deletes the account, its claims and its marker in one conditional
 * transaction: only while it is still unverified and has created no event.
 */
export type UnverifiedMarker = { user_id: string; expires_at: string };

const MARKER_TYPE = 'unverified_account';

/** The marker's Put, in the registration transaction. */
export const unverifiedMarkerPut = (marker: UnverifiedMarker): TransactItem => ({
  Put: {
    Item: {
      ...unverifiedAccountKeys.marker(marker.user_id),
      type: MARKER_TYPE,
      ...marker,
      gsi2pk: unverifiedAccountKeys.partition(utcDay(marker.expires_at)),
      gsi2sk: unverifiedAccountKeys.sort(marker.expires_at, marker.user_id),
    },
  },
});

/** The marker's Delete, in the transaction that verifies the address (absent already: fine). */
export const unverifiedMarkerDelete = (userId: string): TransactItem => ({ Delete: { Key: unverifiedAccountKeys.marker(userId) } });

/** Markers filed under one day (Query GSI2 `UNVERIFIED#<day>`, every page, by expiry). */
export async function* unverifiedMarkersOnDay(day: string): AsyncGenerator<UnverifiedMarker[]> {
  const pages = queryPages({
    IndexName: 'gsi2' satisfies IndexName,
    KeyConditionExpression: 'gsi2pk = :day',
    ExpressionAttributeValues: { ':day': unverifiedAccountKeys.partition(day) },
    Limit: 100,
  });
  for await (const page of pages) {
    yield page.filter((item) => item.type === MARKER_TYPE).map((item) => ({ user_id: String(item.user_id), expires_at: String(item.expires_at) }));
  }
}

/** Drops a marker whose account needs no deletion (verified meanwhile, gone, or kept). */
export async function dropUnverifiedMarker(userId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: unverifiedAccountKeys.marker(userId) }));
}

/**
 * Deletes an unverified account: the user (only if still unverified, with no event created, and the
 * same name and address as read), its username and email claims (only while they point at it) and its
 * marker, in ONE transaction; then what is left in its partition (audit entries, notifications).
 * 'changed' when a condition failed: it was verified or created an event meanwhile.
 */
export async function deleteUnverifiedAccount(user: UserRecord): Promise<'deleted' | 'changed'> {
  try {
    await transact([
      {
        Delete: {
          Key: userKeys.item(user.id),
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(email_verified_at) AND (attribute_not_exists(events_created) OR events_created = :zero) AND username = :username AND email = :email',
          ExpressionAttributeValues: { ':zero': 0, ':username': user.username, ':email': user.email },
        },
      },
      ...(await accountClaimReleases(user)),
      { Delete: { Key: unverifiedAccountKeys.marker(user.id) } },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return 'changed';
    throw error;
  }
  await clearUserPartition(user.id);
  return 'deleted';
}
