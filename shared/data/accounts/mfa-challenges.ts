import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { secondFactorKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * The challenge a sign-in answers between its password and its second factor (docs/mfa.md): stored by
 * the SHA-256 of the opaque value handed out (never the value), with its expiry and TTL, and the count of
 * wrong codes presented with it. It is deleted in the transaction that writes the session, so it signs
 * in once.
 */
export type MfaChallenge = {
  user_id: string;
  /** SHA-256 of the password hash the first step verified: a password changed meanwhile voids the challenge. */
  password_fingerprint: string;
  expires_at: string;
  failures: number;
};

export async function putChallenge(challengeHash: string, challenge: Omit<MfaChallenge, 'failures'>): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...secondFactorKeys.challenge(challengeHash), type: 'mfa_challenge', ...challenge, failures: 0, ttl: Math.floor(Date.parse(challenge.expires_at) / 1000) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** A challenge by its hash (GetItem, strong); expired ones too, until TTL removes them. */
export async function getChallenge(challengeHash: string): Promise<MfaChallenge | null> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: secondFactorKeys.challenge(challengeHash), ConsistentRead: true }));
  return (result.Item as MfaChallenge | undefined) ?? null;
}

/** Counts a wrong code against the challenge; answers the failures so far (Infinity when it is gone already). */
export async function countChallengeFailure(challengeHash: string): Promise<number> {
  try {
    const result = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: secondFactorKeys.challenge(challengeHash),
        UpdateExpression: 'ADD failures :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.failures ?? Number.POSITIVE_INFINITY);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return Number.POSITIVE_INFINITY;
    throw error;
  }
}

export async function deleteChallenge(challengeHash: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: secondFactorKeys.challenge(challengeHash) }));
}

/**
 * The challenge's use, in the transaction that writes the session: only while it exists, has not expired
 * and has not met its failure limit, so of two second steps with one challenge only one signs in.
 */
export const challengeUse = (challengeHash: string, now: Date, maxFailures: number): TransactItem => ({
  Delete: {
    Key: secondFactorKeys.challenge(challengeHash),
    ConditionExpression: 'attribute_exists(pk) AND expires_at > :now AND failures < :max',
    ExpressionAttributeValues: { ':now': now.toISOString(), ':max': maxFailures },
  },
});
