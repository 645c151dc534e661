import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';

/**
 * The items that hold sealed values (shared/domain/sealing/sealed-text.ts), for the operator's re-seal
 * and key retirement (functions/admin/sealed-values.ts) and nothing else. They live in many partitions
 * (guests under their events, second factors under their users, team-invitation notices, stored answers
 * under their callers) and no index gathers them, so this is a Scan: a parallel one, segment by
 * segment, page by page, resumable from any page's cursor. The rule "no Scan" holds for request and
 * scheduled paths; this one runs only when an operator starts it, and only the admin function may Scan
 * (infra/stack.ts).
 */
type Item = Record<string, unknown>;

/** The attributes that hold sealed values, as paths into an item. */
export const sealedAttributePaths = [['code_sealed'], ['secret_sealed'], ['pending_secret_sealed'], ['details', 'token_sealed'], ['response', 'body']] as const;
export type SealedAttributePath = (typeof sealedAttributePaths)[number];

const pathNames = (path: readonly string[]) => ({
  expression: path.map((_, index) => `#p${index}`).join('.'),
  names: Object.fromEntries(path.map((name, index) => [`#p${index}`, name])),
});

/** One page of one segment of the Scan: the items holding a sealed value, and the cursor of the next page (none at the segment's end). */
export async function scanSealedItems(segment: { index: number; of: number }, startKey?: Item): Promise<{ items: Item[]; next?: Item }> {
  const page = await db().send(
    new ScanCommand({
      TableName: tableName(),
      Segment: segment.index,
      TotalSegments: segment.of,
      ExclusiveStartKey: startKey,
      FilterExpression: 'attribute_exists(#code) OR attribute_exists(#secret) OR attribute_exists(#pending) OR attribute_exists(#details.#token) OR #response.#sealed = :sealed',
      ExpressionAttributeNames: {
        '#code': 'code_sealed', '#secret': 'secret_sealed', '#pending': 'pending_secret_sealed', '#details': 'details', '#token': 'token_sealed', '#response': 'response', '#sealed': 'sealed',
      },
      ExpressionAttributeValues: { ':sealed': true },
    }),
  );
  return { items: page.Items ?? [], ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
}

/**
 * One sealed value replaced by its re-sealed form, only while it still holds the value it was read with:
 * a change that raced the re-seal (a new code, a new factor) is kept, never overwritten. False when it
 * changed meanwhile.
 */
export async function replaceSealedValue(key: { pk: string; sk: string }, path: SealedAttributePath, before: string, after: string): Promise<boolean> {
  const { expression, names } = pathNames(path);
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET ${expression} = :after`,
        ConditionExpression: `${expression} = :before`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':before': before, ':after': after },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
