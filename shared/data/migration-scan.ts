import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { forEachWithConcurrency } from '../concurrency.ts';
import { db, tableName } from './client.ts';

type Item = Record<string, unknown>;

/** Which items a migration rewrites: a filter over the whole table, and the attributes it needs. */
export type MigrationFilter = {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
  projection?: string;
};

/**
 * Every item the filter keeps, page after page, each page's items handled `concurrency` at a time: the
 * one Scan loop of the operator's one-off migrations (scripts/migrate.ts). Requests and scheduled jobs
 * never Scan; a migration must, since it looks for items that no key or index gathers yet. Answers how
 * many items the Scan read (the filter's input, not its output).
 */
export async function forEachItemToMigrate(filter: MigrationFilter, concurrency: number, handle: (item: Item) => Promise<void>): Promise<number> {
  let scanned = 0;
  let startKey: Item | undefined;
  do {
    const page = await db().send(new ScanCommand({
      TableName: tableName(),
      FilterExpression: filter.expression,
      ExpressionAttributeNames: filter.names,
      ExpressionAttributeValues: filter.values,
      ProjectionExpression: filter.projection,
      ExclusiveStartKey: startKey,
    }));
    scanned += page.ScannedCount ?? 0;
    await forEachWithConcurrency(page.Items ?? [], concurrency, handle);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return scanned;
}
