import { batchGetAll } from '../collection.ts';
import { userKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * Who holds an email address (`EMAIL#<address>` / `CLAIM`, the key sign-in by email follows). A verified
 * account holds its address for good. An unverified one (`unverified: true`) holds it only until an
 * account proves it owns the address: verifying takes the claim over. So registering an address someone
 * already holds never fails (the answer says nothing of who holds it: docs/email-verification.md), and a
 * squatter cannot keep the owner out. Claims written before the flag existed count as verified.
 */
export type EmailClaim = { user_id: string; verified: boolean };

/** The holder of an address, strongly read; null when nobody holds it. */
export async function emailClaimOf(email: string): Promise<EmailClaim | null> {
  const [item] = await batchGetAll([userKeys.emailClaim(email)]);
  if (!item || typeof item.user_id !== 'string') return null;
  return { user_id: item.user_id, verified: item.unverified !== true };
}

/** A registration's claim of a free address (it fails when someone took it since it was read). */
export const unverifiedEmailClaimPut = (email: string, userId: string): TransactItem => ({
  Put: { Item: { ...userKeys.emailClaim(email), type: 'email_claim', user_id: userId, unverified: true }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The claim of an address just proved (verification, email change): free, ours, or held unverified. */
export const verifiedEmailClaimPut = (email: string, userId: string): TransactItem => ({
  Put: {
    Item: { ...userKeys.emailClaim(email), type: 'email_claim', user_id: userId },
    ConditionExpression: 'attribute_not_exists(pk) OR user_id = :id OR unverified = :true',
    ExpressionAttributeValues: { ':id': userId, ':true': true },
  },
});

/** Releases an address, only while this account holds it. */
export const emailClaimDelete = (email: string, userId: string): TransactItem => ({
  Delete: { Key: userKeys.emailClaim(email), ConditionExpression: 'user_id = :id', ExpressionAttributeValues: { ':id': userId } },
});

/** The release of an address when this account holds it (read now), else nothing to write. */
export async function emailClaimReleaseIfHeld(email: string, userId: string): Promise<TransactItem[]> {
  const claim = await emailClaimOf(email);
  return claim?.user_id === userId ? [emailClaimDelete(email, userId)] : [];
}
