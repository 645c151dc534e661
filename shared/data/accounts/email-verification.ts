import type { AccountTokenPurpose } from '../../domain/accounts/account-mail.ts';
import { batchGetAll } from '../collection.ts';
import { newId } from '../ids.ts';
import { accountMailKeys, accountTokenKeys, userKeys } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact, transactIfConditionsHold } from '../transact.ts';
import type { UserRecord } from '../users.ts';
import { accountMailPut, accountTokenUse } from './account-mail.ts';
import { emailClaimReleaseIfHeld, verifiedEmailClaimPut } from './email-claims.ts';
import { unverifiedMarkerDelete } from './unverified.ts';

/**
 * Email verification and email change. Tokens are the account-mail tokens (`<userId>.<secret>`, only the
 * SHA-256 stored at `USER#<id>` / `ACCOUNTTOKEN#<purpose>`): `email_verification` for the address the
 * account has, `email_change` for the address in `pending_email`. Using one is a conditional Delete in
 * the same transaction as what it proves, so a token works once.
 */

/** The pending mail to the account's own address, to write with the registration (or a resend). */
export const verificationMailPut = (userId: string, at: string): TransactItem =>
  accountMailPut({ id: newId(), kind: 'email_verification', user_id: userId, created_at: at });

/** Queues a verification mail on its own (resend), only while the account exists and is unverified. */
export async function queueVerificationMail(userId: string, at: string): Promise<boolean> {
  return transactIfConditionsHold([
      { ConditionCheck: { Key: userKeys.item(userId), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(email_verified_at)' } },
      verificationMailPut(userId, at),
    ]);
}

export type TokenState = {
  user: UserRecord | null;
  tokens: Partial<Record<'email_verification' | 'email_change', { token_hash: string; expires_at: string; mail_id: string }>>;
};

/** The user and their live verification and change tokens, in one strongly consistent BatchGetItem. */
export async function verificationTokenState(userId: string): Promise<TokenState> {
  const purposes: AccountTokenPurpose[] = ['email_verification', 'email_change'];
  const items = await batchGetAll([userKeys.item(userId), ...purposes.map((purpose) => accountTokenKeys.item(userId, purpose))]);
  const state: TokenState = { user: null, tokens: {} };
  for (const item of items) {
    if (item.type === 'user') state.user = item as unknown as UserRecord;
    if (item.type === 'account_token' && (item.purpose === 'email_verification' || item.purpose === 'email_change')) {
      state.tokens[item.purpose] = { token_hash: String(item.token_hash), expires_at: String(item.expires_at), mail_id: String(item.mail_id) };
    }
  }
  return state;
}

/** The address an email-change mail went to (its `to`), read from the mail the token came with. */
export async function changeMailAddress(mailId: string): Promise<string | null> {
  const [mail] = await batchGetAll([accountMailKeys.item(mailId)]);
  return typeof mail?.to === 'string' ? mail.to : null;
}

export type VerificationOutcome = 'verified' | 'invalid_token' | 'email_taken';
const TOKEN_INDEX = 0;
const CLAIM_INDEX = 1;

/**
 * Uses the verification token, marks the address verified and claims it for good (taking it from an
 * unverified holder), only while it is still the address the account had when read; the squatting marker
 * goes in the same transaction. 'email_taken': a verified account holds the address.
 */
export async function markEmailVerified(user: UserRecord, tokenHash: string, now: Date, audit: TransactItem): Promise<VerificationOutcome> {
  const items: TransactItem[] = [];
  items[TOKEN_INDEX] = accountTokenUse(user.id, 'email_verification', tokenHash, now);
  items[CLAIM_INDEX] = verifiedEmailClaimPut(user.email, user.id);
  items.push(
    {
      Update: {
        Key: userKeys.item(user.id),
        UpdateExpression: 'SET email_verified_at = :now, updated_at = :now',
        ConditionExpression: 'email = :email',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':email': user.email },
      },
    },
    unverifiedMarkerDelete(user.id),
    audit,
  );
  return outcomeOf(items);
}

/** Runs a transaction whose token use is at TOKEN_INDEX and address claim at CLAIM_INDEX. */
async function outcomeOf(items: TransactItem[]): Promise<VerificationOutcome> {
  try {
    await transact(items);
    return 'verified';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedIndexes.includes(CLAIM_INDEX) && !error.failedIndexes.includes(TOKEN_INDEX)) return 'email_taken';
    return 'invalid_token';
  }
}

/**
 * Completes an email change: uses the change token, claims the new address (free, or held unverified),
 * releases the old claim (when this account holds it) and sets the email, verified, only while the
 * account still has the old address and this pending one. One transaction: all of it or none.
 */
export async function completeEmailChange(user: UserRecord, change: { newEmail: string; tokenHash: string }, now: Date, audit: TransactItem): Promise<VerificationOutcome> {
  const items: TransactItem[] = [];
  items[TOKEN_INDEX] = accountTokenUse(user.id, 'email_change', change.tokenHash, now);
  items[CLAIM_INDEX] = verifiedEmailClaimPut(change.newEmail, user.id);
  items.push(
    {
      Update: {
        Key: userKeys.item(user.id),
        UpdateExpression: 'SET email = :new, email_verified_at = :now, updated_at = :now, version = version + :one REMOVE pending_email',
        ConditionExpression: 'email = :old AND pending_email = :new',
        ExpressionAttributeValues: { ':new': change.newEmail, ':old': user.email, ':now': now.toISOString(), ':one': 1 },
      },
    },
    ...(await emailClaimReleaseIfHeld(user.email, user.id)),
    // A registration link for the old address must not verify the new one.
    { Delete: { Key: accountTokenKeys.item(user.id, 'email_verification') } },
    unverifiedMarkerDelete(user.id),
    audit,
  );
  return outcomeOf(items);
}

/**
 * Asks for an email change: records `pending_email` (replacing an earlier request) and queues the mail
 * with the link to the new address and the notice to the old one, in one transaction, only while the
 * account still has the address it was read with. False when it changed meanwhile.
 */
export async function requestEmailChange(user: UserRecord, newEmail: string, now: Date, audit: TransactItem): Promise<boolean> {
  const at = now.toISOString();
  return transactIfConditionsHold([
      {
        Update: {
          Key: userKeys.item(user.id),
          UpdateExpression: 'SET pending_email = :new, updated_at = :now',
          ConditionExpression: 'email = :old',
          ExpressionAttributeValues: { ':new': newEmail, ':old': user.email, ':now': at },
        },
      },
      accountMailPut({ id: newId(), kind: 'email_change_verification', user_id: user.id, to: newEmail, details: { new_email: newEmail }, created_at: at }),
      accountMailPut({ id: newId(), kind: 'email_change_notice', user_id: user.id, to: user.email, details: { new_email: newEmail }, created_at: at }),
      audit,
    ]);
}
