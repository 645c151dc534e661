import {
  type TransactWriteCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ServiceUnavailableError } from '../http/errors.ts';
import { db, tableName } from './client.ts';
import { countTransactionConflictRetried } from '../observability/metrics.ts';

/** One write of a transaction, without the table name (every item lives in the one table). */
/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

export type TransactItem =
  | { Put: Omit<NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Put']>, 'TableName'> }
  | { Update: Omit<NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Update']>, 'TableName'> }
  | { Delete: Omit<NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Delete']>, 'TableName'> }
  | {
      ConditionCheck: Omit<
        NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['ConditionCheck']>,
        'TableName'
      >;
    };

/** Which item of a cancelled transaction failed its condition (index into the items), or -1. */
export class TransactionConditionFailed extends Error {
  constructor(readonly failedIndexes: number[]) {
    super(`Transaction condition failed at item(s) ${failedIndexes.join(', ')}`);
  }
}

const withTable = (item: TransactItem) => {
  const [kind, body] = Object.entries(item)[0] as [string, object];
  return { [kind]: { ...body, TableName: tableName() } };
};

const CONFLICT_RETRIES = 6;

const isTransactionConflict = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

/**
 * Writes the items in one TransactWriteItems call. A failed condition surfaces as
 * TransactionConditionFailed naming the items, so callers map it to 404 or 409 by position; it is never
 * retried. A cancellation caused by a concurrent transaction on the same items (DynamoDB cancels rather
 * than waits, and the SDK does not retry it) is retried with jittered backoff, after which the
 * conditions give the definite answer. Throttling is retried by the SDK's standard retry mode.
 */
export async function transact(items: TransactItem[]): Promise<void> {
  const request = new TransactWriteCommand({ TransactItems: items.map(withTable) as never });
  for (let attempt = 0; ; attempt += 1) {
    try {
      await db().send(request);
      // Committed. The domain events its audit entries carry reach the bus through the table's stream
      // (shared/events/publish.ts), not from here: the request makes this one write.
      return;
    } catch (error) {
      if (isTransactionConflict(error)) {
        // Still contended after the retries: the caller may try again shortly; nothing was written.
        if (attempt >= CONFLICT_RETRIES) throw new ServiceUnavailableError(1);
        countTransactionConflictRetried();
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
        continue;
      }
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
        if (failed.length > 0) throw new TransactionConditionFailed(failed);
      }
      throw error;
    }
  }
}

/** transact(), answering false instead of throwing when one of its conditions fails (the caller's "someone got there first"). */
export async function transactIfConditionsHold(items: TransactItem[]): Promise<boolean> {
  try {
    await transact(items);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
}

/**
 * transact(), answering false when the first item's condition failed (what the caller read changed since,
 * or is gone: its "stale"); any other item's failed condition throws, for the caller to map by position.
 */
export async function transactUnlessFirstFails(items: TransactItem[]): Promise<boolean> {
  try {
    await transact(items);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) return false;
    throw error;
  }
}
