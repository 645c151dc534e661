import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';

type Item = Record<string, unknown>;

/** Which items a migration rewrites: a filter over the whole table, and the attributes it needs. */
export type MigrationFilter = {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
  projection?: string;
};

/**
 * One page of the Scan of a data migration (shared/data/migrations): at most `limit` items read from
 * `startKey` on, those the filter keeps, and the cursor of the next page (none at the table's end).
 * Requests and scheduled jobs never Scan; a migration must, since it looks for items that no key or index
 * gathers yet, and it runs only when an operator starts it (`npm run migrate`, the admin function).
 * `scanned` is what the page read (the filter's input, not its output).
 */
export async function scanMigrationPage(filter: MigrationFilter, limit: number, startKey?: Item): Promise<{ items: Item[]; scanned: number; next?: Item }> {
  const page = await db().send(new ScanCommand({
    TableName: tableName(),
    FilterExpression: filter.expression,
    ExpressionAttributeNames: filter.names,
    ExpressionAttributeValues: filter.values,
    ProjectionExpression: filter.projection,
    ExclusiveStartKey: startKey,
    Limit: limit,
    ConsistentRead: true,
  }));
  return { items: page.Items ?? [], scanned: page.ScannedCount ?? 0, ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
}
