import type { AccountTokenPurpose } from '../../domain/accounts/account-mail.ts';
import { accountTokenUse } from './account-mail.ts';
import { userKeys } from '../keys.ts';
import { type TransactItem, transactIfConditionsHold } from '../transact.ts';

/**
 * Password writes. Each is one transaction with its audit entry; every session of the user is then
 * ended through the user's session references (shared/data/sessions.ts, deleteUserSessions). A sign-in
 * writes its session only while the password it verified is still the stored one, so none outlives this.
 */
const passwordUpdate = (userId: string, newHash: string, at: string, condition: { oldHash?: string }): TransactItem => ({
  Update: {
    Key: userKeys.item(userId),
    UpdateExpression: 'SET password_hash = :new, password_changed_at = :at, updated_at = :at',
    ConditionExpression: condition.oldHash ? 'password_hash = :old' : 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':new': newHash, ':at': at, ...(condition.oldHash ? { ':old': condition.oldHash } : {}) },
  },
});

/** Replaces the password if it is still the one verified (a concurrent change wins); false otherwise. */
export async function changePasswordHash(userId: string, oldHash: string, newHash: string, audit: TransactItem, at: string): Promise<boolean> {
  return transactIfConditionsHold([passwordUpdate(userId, newHash, at, { oldHash }), audit]);
}

/**
 * Uses the token up and sets the password in one transaction: false when the token is not the live one
 * (wrong, used or expired) or the account is gone, and then nothing is written.
 */
export async function resetPasswordHash(userId: string, purpose: AccountTokenPurpose, tokenHash: string, newHash: string, audit: TransactItem, now: Date): Promise<boolean> {
  return transactIfConditionsHold([accountTokenUse(userId, purpose, tokenHash, now), passwordUpdate(userId, newHash, now.toISOString(), {}), audit]);
}
