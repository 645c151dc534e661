import {
  type DynamoDBDocumentClient,
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/**
 * The raw calls of a write route, as the route made them (issue 15, goal 2): the DynamoDB calls of requests
 * the meter recorded (bench/meter.ts `recordRequests`), sent again with the document client. A hand-written
 * baseline of small stand-in items costs DynamoDB a fraction of the route's work: the public answer writes
 * 36 capacity units (an invited guest's item is over 1 KB, with three index entries), its stand-ins 8, so
 * the ratio of the two latencies timed DynamoDB's work as the handler's. Replayed, the raw calls read the
 * same items and write items of the same size with the same index entries.
 *
 * Writes go to a copy of each item under a throwaway key (`BENCHRAW#r<n>#` before `pk` and before every
 * value that is a key of the table or an index), so the world the route is timed on stays as it was: the
 * items an Update or a ConditionCheck meets are copied there first, outside the timing. Conditions are left
 * off (a copy's version never matches the one the request read); a ConditionCheck checks that the copy
 * exists. Reads are sent as they were.
 */
export type RecordedCall = { name: string; input: Record<string, unknown> };

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

const KEY_VALUE = /^[A-Z][A-Z0-9_]*#/;
const INDEX_PARTITION = /^gsi\d+pk$/;

/** A value moved under the throwaway prefix when it is one of the table's key shapes (`EVENT#...`, `GUESTS#...`). */
const movedValue = (prefix: string, value: unknown): unknown => (typeof value === 'string' && KEY_VALUE.test(value) ? `${prefix}${value}` : value);

/** The item under the throwaway prefix: its partition key and its index partition keys moved, everything else as it was. */
export function movedItem(prefix: string, item: Item): Item {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, name === 'pk' || INDEX_PARTITION.test(name) ? movedValue(prefix, value) : value]));
}

const movedKey = (prefix: string, key: Key): Key => ({ pk: `${prefix}${key.pk}`, sk: key.sk });

/** The names and values an update expression uses, without those only its condition used (the condition is left off). */
function usedBy(expression: string, input: Item): Item {
  const used = (map: unknown) => {
    const entries = Object.entries((map ?? {}) as Item).filter(([token]) => new RegExp(`${token}(?![A-Za-z0-9_])`).test(expression));
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  };
  const names = used(input.ExpressionAttributeNames);
  const values = used(input.ExpressionAttributeValues);
  return { ...(names ? { ExpressionAttributeNames: names } : {}), ...(values ? { ExpressionAttributeValues: values } : {}) };
}

/** An Update of the copy: the same expression, the values that are keys moved too. */
function movedUpdate(prefix: string, update: Item): Item {
  const expression = String(update.UpdateExpression);
  const { ExpressionAttributeNames, ExpressionAttributeValues } = usedBy(expression, update) as { ExpressionAttributeNames?: Item; ExpressionAttributeValues?: Item };
  return {
    TableName: update.TableName,
    Key: movedKey(prefix, update.Key as Key),
    UpdateExpression: expression,
    ...(ExpressionAttributeNames ? { ExpressionAttributeNames } : {}),
    ...(ExpressionAttributeValues ? { ExpressionAttributeValues: Object.fromEntries(Object.entries(ExpressionAttributeValues).map(([token, value]) => [token, movedValue(prefix, value)])) } : {}),
  };
}

/** One write of a transaction (or a single write) moved to the copies; the keys whose items must be copied first. */
function movedWrite(prefix: string, kind: string, write: Item): { write: Item; copies: Key[] } {
  if (kind === 'Put') return { write: { TableName: write.TableName, Item: movedItem(prefix, write.Item as Item) }, copies: [] };
  if (kind === 'Delete') return { write: { TableName: write.TableName, Key: movedKey(prefix, write.Key as Key) }, copies: [] };
  if (kind === 'Update') return { write: movedUpdate(prefix, write), copies: [write.Key as Key] };
  return { write: { TableName: write.TableName, Key: movedKey(prefix, write.Key as Key), ConditionExpression: 'attribute_exists(pk)' }, copies: [write.Key as Key] };
}

/** The calls of one recorded request as they are sent again, and the items to copy before they are. */
export function replayPlan(prefix: string, calls: RecordedCall[]): { calls: RecordedCall[]; copies: Key[] } {
  const copies: Key[] = [];
  const moved = calls.map(({ name, input }): RecordedCall => {
    if (name === 'TransactWriteItems') {
      const items = (input.TransactItems as Item[]).map((entry) => {
        const [kind, write] = Object.entries(entry)[0] as [string, Item];
        const movedOne = movedWrite(prefix, kind, write);
        copies.push(...movedOne.copies);
        return { [kind]: movedOne.write };
      });
      return { name, input: { TransactItems: items } };
    }
    if (name === 'PutItem' || name === 'UpdateItem' || name === 'DeleteItem') {
      const movedOne = movedWrite(prefix, name.replace(/Item$/, ''), input);
      copies.push(...movedOne.copies);
      return { name, input: movedOne.write };
    }
    if (name === 'BatchWriteItem') {
      const requests = Object.fromEntries(Object.entries(input.RequestItems as Record<string, Item[]>).map(([table, writes]) => [table, writes.map((request) =>
        (request.PutRequest
          ? { PutRequest: { Item: movedItem(prefix, (request.PutRequest as Item).Item as Item) } }
          : { DeleteRequest: { Key: movedKey(prefix, (request.DeleteRequest as Item).Key as Key) } }))]));
      return { name, input: { RequestItems: requests } };
    }
    if (!(name in senders)) throw new Error(`the replay has no way to send ${name} again`);
    return { name, input };
  });
  return { calls: moved, copies };
}

const senders: Record<string, (client: DynamoDBDocumentClient, input: never) => Promise<unknown>> = {
  GetItem: (client, input) => client.send(new GetCommand(input)),
  BatchGetItem: (client, input) => client.send(new BatchGetCommand(input)),
  Query: (client, input) => client.send(new QueryCommand(input)),
  TransactGetItems: (client, input) => client.send(new TransactGetCommand(input)),
  PutItem: (client, input) => client.send(new PutCommand(input)),
  UpdateItem: (client, input) => client.send(new UpdateCommand(input)),
  DeleteItem: (client, input) => client.send(new DeleteCommand(input)),
  BatchWriteItem: (client, input) => client.send(new BatchWriteCommand(input)),
  TransactWriteItems: (client, input) => client.send(new TransactWriteCommand(input)),
};

/**
 * The raw calls of the recorded requests: the items their writes meet copied under each request's own
 * throwaway prefix (once, outside the timing), then a function that sends the n-th request's calls again.
 */
export async function prepareReplay(table: { db: DynamoDBDocumentClient; tableName: string }, recorded: RecordedCall[][]): Promise<(index: number) => Promise<void>> {
  if (recorded.length === 0) throw new Error('no request was recorded to replay');
  const plans = recorded.map((calls, index) => replayPlan(`BENCHRAW#r${index}#`, calls));
  for (const [index, plan] of plans.entries()) {
    const prefix = `BENCHRAW#r${index}#`;
    for (const key of plan.copies) {
      const found = await table.db.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }));
      await table.db.send(new PutCommand({ TableName: table.tableName, Item: movedItem(prefix, found.Item ?? key) }));
    }
  }
  return async (index) => {
    const plan = plans[index % plans.length] as { calls: RecordedCall[] };
    for (const call of plan.calls) await (senders[call.name] as (client: DynamoDBDocumentClient, input: never) => Promise<unknown>)(table.db, call.input as never);
  };
}
