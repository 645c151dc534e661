import {
  type TransactWriteCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from './client.ts';

/** One write of a transaction, without the table name (every item lives in the one table). */
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

/**
 * Writes the items in one TransactWriteItems call. A failed condition surfaces as
 * TransactionConditionFailed naming the items, so callers map it to 404 or 409 by position.
 * Conflicts with another transaction and throttling are retried by the SDK's standard retry mode.
 */
export async function transact(items: TransactItem[]): Promise<void> {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items.map(withTable) as never }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
      if (failed.length > 0) throw new TransactionConditionFailed(failed);
    }
    throw error;
  }
}
