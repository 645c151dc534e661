import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountMail, AccountMailStatus, AccountTokenPurpose } from '../../domain/accounts/account-mail.ts';
import { db, tableName } from '../client.ts';
import { batchGetAll } from '../collection.ts';
import { accountMailKeys, accountTokenKeys, outboxKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * Account mails in the outbox, and the single-use tokens they carry. A mail is one item that is its own
 * once-only record: the sender claims it (`status = sending`, `sending_at`, `send_attempt`) before SES is
 * called and records it `sent` right after; SES's Send event records it when the sender could not.
 */
export type StoredAccountMail = AccountMail & {
  status: AccountMailStatus;
  attempts?: number;
  sending_at?: string;
  send_attempt?: string;
  message_id?: string;
};

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/** The Put of a pending account mail, to write in the transaction of the change that causes it. */
export function accountMailPut(mail: AccountMail): TransactItem {
  return {
    Put: {
      Item: {
        ...accountMailKeys.item(mail.id),
        type: 'account_mail',
        ...mail,
        status: 'pending' satisfies AccountMailStatus,
        gsi2pk: outboxKeys.partition(mail.id),
        gsi2sk: outboxKeys.sort(mail.created_at, 'ACCOUNTMAIL', mail.id),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The stored mail from the item the outbox claimed (keys and index attributes left out). */
export function accountMailFromItem({ pk: _pk, sk: _sk, type: _type, gsi2pk: _a, gsi2sk: _b, lease_until: _l, ...mail }: Record<string, unknown>): StoredAccountMail {
  return mail as StoredAccountMail;
}

/**
 * Claims the mail's send while this run holds its lease: not yet claimed, or claimed before
 * `staleBefore` (SES never accepted it: no Send event came within the grace). False otherwise.
 */
export async function claimAccountMailSend(mailId: string, lease: string, claim: { attempt: string; at: string; staleBefore: string }): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: accountMailKeys.item(mailId),
        UpdateExpression: 'SET #status = :sending, sending_at = :at, send_attempt = :attempt',
        ConditionExpression: 'lease_until = :lease AND (#status = :pending OR (#status = :sending AND sending_at <= :staleBefore))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':at': claim.at, ':attempt': claim.attempt, ':lease': lease, ':staleBefore': claim.staleBefore },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Records the mail sent (by the sender right after SES accepted it, or by SES's Send event): only over
 * its claim, or over the same message already recorded. False when another message was recorded.
 */
export async function recordAccountMailSent(mailId: string, sent: { message_id: string; at: string }): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: accountMailKeys.item(mailId),
        UpdateExpression: 'SET #status = :sent, message_id = :message_id, sent_at = :at',
        ConditionExpression: 'attribute_exists(pk) AND (#status = :sending OR message_id = :message_id)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':sending': 'sending', ':message_id': sent.message_id, ':at': sent.at },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** SES's Send event for an account mail: read first (the sender has almost always recorded it). */
export async function recordAccountMailSendAccepted(mailId: string, send: { message_id: string; at: string }): Promise<'recorded' | 'duplicate_send' | 'row_gone'> {
  const [item] = await batchGetAll([accountMailKeys.item(mailId)]);
  if (!item) return 'row_gone';
  if (item.status !== 'sending') return item.message_id === send.message_id ? 'recorded' : 'duplicate_send';
  return (await recordAccountMailSent(mailId, send)) ? 'recorded' : 'duplicate_send';
}

/**
 * Stores the hash of a fresh token for a user and purpose, replacing any earlier one (only the newest
 * mail's link works). The plain token exists only in the mail.
 */
export async function putAccountToken(userId: string, purpose: AccountTokenPurpose, token: { hash: string; mailId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...accountTokenKeys.item(userId, purpose),
        type: 'account_token',
        purpose,
        token_hash: token.hash,
        mail_id: token.mailId,
        created_at: token.createdAt.toISOString(),
        expires_at: token.expiresAt.toISOString(),
        ttl: Math.floor(token.expiresAt.getTime() / 1000),
      },
    }),
  );
}

/**
 * The Delete that uses a token up, inside the transaction of what it allows (a password reset): it
 * fails (TransactionConditionFailed) when the token is not this one, was used, or has expired.
 */
export function accountTokenUse(userId: string, purpose: AccountTokenPurpose, hash: string, now: Date): TransactItem {
  return {
    Delete: {
      Key: accountTokenKeys.item(userId, purpose),
      ConditionExpression: 'token_hash = :hash AND expires_at > :now',
      ExpressionAttributeValues: { ':hash': hash, ':now': now.toISOString() },
    },
  };
}

/** Whether a token is the live one (a page shows its form only then); strong read. */
export async function accountTokenIsLive(userId: string, purpose: AccountTokenPurpose, hash: string, now: Date): Promise<boolean> {
  const [item] = await batchGetAll([accountTokenKeys.item(userId, purpose)]);
  return item !== undefined && item.token_hash === hash && String(item.expires_at) > now.toISOString();
}

/** Removes a user's token of a purpose (an email change makes a verification link moot). */
export async function deleteAccountToken(userId: string, purpose: AccountTokenPurpose): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: accountTokenKeys.item(userId, purpose) }));
}
