import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Writes seed items straight to the bench's table, 25 per BatchWriteItem, sending again what DynamoDB
 * leaves unprocessed: the scenarios seed thousands of children this way, since making them through the
 * API would measure the writes, not the lists.
 */
export async function putAll(table: { db: DynamoDBDocumentClient; tableName: string }, items: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const written = await table.db.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }));
      pending = (written.UnprocessedItems?.[table.tableName] as typeof pending | undefined) ?? [];
    }
  }
}
