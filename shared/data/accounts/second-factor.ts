import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { secondFactorKeys } from '../keys.ts';
import { type TransactItem, transactIfConditionsHold } from '../transact.ts';

/**
 * An account's second factor (rules in shared/domain/accounts/second-factor.ts, docs/mfa.md): one item
 * `USER#<id>` / `MFA`. The TOTP secret is only ever stored sealed (AES-256-GCM, shared/auth/mfa-secret-key.ts);
 * recovery codes only as SHA-256 hashes in a string set, each removed by its use. Every write is
 * conditional on the state it was decided on, so two requests cannot both use one code or one step.
 */
export type SecondFactor = {
  /** Present once enabled, with `enabled_at`. */
  secret_sealed?: string;
  enabled_at?: string;
  /** The TOTP time step of the last code accepted: no code of it or before it is accepted again. */
  last_step?: number;
  /** Hashes of the recovery codes not used yet (absent once all are used: DynamoDB keeps no empty set). */
  recovery_hashes?: Set<string>;
  /** An enrolment waiting for its first code. */
  pending_secret_sealed?: string;
  pending_expires_at?: string;
};

export type EnabledSecondFactor = SecondFactor & { secret_sealed: string; enabled_at: string };

export const isEnabled = (factor: SecondFactor | null): factor is EnabledSecondFactor =>
  factor !== null && typeof factor.secret_sealed === 'string' && typeof factor.enabled_at === 'string';

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

async function conditionalUpdate(input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
  try {
    await db().send(new UpdateCommand({ TableName: tableName(), ...input }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The account's second factor, enabled or being enrolled, or null (GetItem, strong). */
export async function getSecondFactor(userId: string): Promise<SecondFactor | null> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: secondFactorKeys.factor(userId), ConsistentRead: true }));
  return (result.Item as SecondFactor | undefined) ?? null;
}

/** Whether the account has a second factor enabled (GetItem of `enabled_at` alone, strong): the team requirement's read. */
export async function hasSecondFactor(userId: string): Promise<boolean> {
  const result = await db().send(
    new GetCommand({ TableName: tableName(), Key: secondFactorKeys.factor(userId), ConsistentRead: true, ProjectionExpression: 'enabled_at' }),
  );
  return typeof result.Item?.enabled_at === 'string';
}

/** Starts (or restarts) an enrolment with a new sealed secret; false when a factor is already enabled. */
export const savePendingEnrolment = (userId: string, sealedSecret: string, expiresAt: Date): Promise<boolean> =>
  conditionalUpdate({
    Key: secondFactorKeys.factor(userId),
    UpdateExpression: 'SET #type = :type, pending_secret_sealed = :sealed, pending_expires_at = :expires',
    ConditionExpression: 'attribute_not_exists(enabled_at)',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': 'second_factor', ':sealed': sealedSecret, ':expires': expiresAt.toISOString() },
  });

/**
 * Enables the enrolment's secret with its first code's step and the recovery codes' hashes, with the
 * audit entry, only while that enrolment is still the pending one (a newer start, or another
 * confirmation that won, leaves this one nothing to enable).
 */
export const enableSecondFactor = (
  change: { userId: string; pendingSealed: string; step: number; recoveryHashes: string[]; at: string },
  audit: TransactItem,
): Promise<boolean> =>
  transactIfConditionsHold([
    {
      Update: {
        Key: secondFactorKeys.factor(change.userId),
        UpdateExpression: 'SET secret_sealed = :sealed, enabled_at = :at, last_step = :step, recovery_hashes = :hashes REMOVE pending_secret_sealed, pending_expires_at',
        ConditionExpression: 'pending_secret_sealed = :sealed AND attribute_not_exists(enabled_at)',
        ExpressionAttributeValues: { ':sealed': change.pendingSealed, ':at': change.at, ':step': change.step, ':hashes': new Set(change.recoveryHashes) },
      },
    },
    audit,
  ]);

/** Takes a TOTP step as used: false when a code of this step or a later one was accepted already (a replay). */
export const useTimeStep = (userId: string, step: number): Promise<boolean> =>
  conditionalUpdate({
    Key: secondFactorKeys.factor(userId),
    UpdateExpression: 'SET last_step = :step',
    ConditionExpression: 'attribute_exists(enabled_at) AND (attribute_not_exists(last_step) OR last_step < :step)',
    ExpressionAttributeValues: { ':step': step },
  });

/** Uses a recovery code up (removes its hash from the set): false when it is not one of the unused ones. */
export const useRecoveryCode = (userId: string, codeHash: string): Promise<boolean> =>
  conditionalUpdate({
    Key: secondFactorKeys.factor(userId),
    UpdateExpression: 'DELETE recovery_hashes :used',
    ConditionExpression: 'attribute_exists(enabled_at) AND contains(recovery_hashes, :hash)',
    ExpressionAttributeValues: { ':used': new Set([codeHash]), ':hash': codeHash },
  });

/** Replaces every recovery code with new ones, with the audit entry, while the factor enabled at `enabledAt` is still the one. */
export const replaceRecoveryCodes = (userId: string, enabledAt: string, recoveryHashes: string[], audit: TransactItem): Promise<boolean> =>
  transactIfConditionsHold([
    {
      Update: {
        Key: secondFactorKeys.factor(userId),
        UpdateExpression: 'SET recovery_hashes = :hashes',
        ConditionExpression: 'enabled_at = :enabled',
        ExpressionAttributeValues: { ':hashes': new Set(recoveryHashes), ':enabled': enabledAt },
      },
    },
    audit,
  ]);

/** Turns the factor off (deletes the item), with the audit entry, while the factor enabled at `enabledAt` is still the one. */
export const removeSecondFactor = (userId: string, enabledAt: string, audit: TransactItem): Promise<boolean> =>
  transactIfConditionsHold([
    { Delete: { Key: secondFactorKeys.factor(userId), ConditionExpression: 'enabled_at = :enabled', ExpressionAttributeValues: { ':enabled': enabledAt } } },
    audit,
  ]);
