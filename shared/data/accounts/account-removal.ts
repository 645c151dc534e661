import { deleteItemCollection } from '../collection.ts';
import { userKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';
import type { UserRecord } from '../users.ts';
import { emailClaimReleaseIfHeld } from './email-claims.ts';

/**
 * What every way of removing an account shares (the squatting expiry in unverified.ts, the owner's
 * deletion in deletion.ts): releasing its username and email claims, so both can be registered again, and
 * clearing its partition (audit entries, tokens, notifications, quotas, session references, known
 * sign-in sources) in batches.
 */

/** The claims' Deletes, each only while it points at this account, for the transaction that removes it. */
export async function accountClaimReleases(user: Pick<UserRecord, 'id' | 'username' | 'email'>): Promise<TransactItem[]> {
  return [
    { Delete: { Key: userKeys.usernameClaim(user.username), ConditionExpression: 'user_id = :id', ExpressionAttributeValues: { ':id': user.id } } },
    // An account that registered an address someone held never had its claim.
    ...(await emailClaimReleaseIfHeld(user.email, user.id)),
  ];
}

/** Deletes every item of `USER#<id>` but those whose sort key is in `keep`; answers how many went. */
export const clearUserPartition = (userId: string, keep: readonly string[] = []): Promise<number> =>
  deleteItemCollection(userKeys.item(userId).pk, { keep: (item) => keep.includes(String(item.sk)) });
