import { AsyncLocalStorage } from 'node:async_hooks';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/data/client.ts';

/**
 * The DynamoDB calls one piece of work makes, each with the keys it names: a middleware on the functions'
 * document client records the calls made inside `recordCalls(work)` only (an AsyncLocalStorage scope), so
 * the event consumers the test bus runs meanwhile, in their own requests, are not counted.
 */
/** `succeeded`: DynamoDB answered it (a write refused by its condition, or cancelled in a transaction, did not). */
export type RecordedCall = { command: string; keys: string[]; succeeded: boolean };

const scope = new AsyncLocalStorage<RecordedCall[]>();
const recorded = new WeakSet<object>();

type KeyLike = { pk?: unknown; sk?: unknown };
type BatchWriteRequest = { PutRequest?: { Item?: KeyLike }; DeleteRequest?: { Key?: KeyLike } };
const keyName = (key: KeyLike | undefined): string[] => (key && typeof key.pk === 'string' ? [`${key.pk}|${String(key.sk)}`] : []);

/** The keys a command's input names: Key, Item, a batch's Keys, a transaction's items. */
function keysOf(input: Record<string, unknown>): string[] {
  const keys: string[] = [...keyName(input.Key as KeyLike), ...keyName(input.Item as KeyLike)];
  for (const table of Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: KeyLike[] } | BatchWriteRequest[]>)) {
    if (Array.isArray(table)) keys.push(...table.flatMap((request) => [...keyName(request.PutRequest?.Item), ...keyName(request.DeleteRequest?.Key)]));
    else keys.push(...(table.Keys ?? []).flatMap(keyName));
  }
  for (const item of (input.TransactItems ?? []) as Record<string, { Key?: KeyLike; Item?: KeyLike }>[]) {
    for (const operation of Object.values(item)) keys.push(...keyName(operation.Key), ...keyName(operation.Item));
  }
  if (typeof input.KeyConditionExpression === 'string') keys.push(`query ${JSON.stringify(input.ExpressionAttributeValues ?? {})}`);
  return keys;
}

export async function recordCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: RecordedCall[] }> {
  const client = db();
  if (!recorded.has(client)) {
    recorded.add(client);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const call: RecordedCall = { command: String(context.commandName ?? 'unknown').replace(/Command$/, ''), keys: keysOf(args.input as Record<string, unknown>), succeeded: false };
        scope.getStore()?.push(call);
        const output = await next(args);
        call.succeeded = true;
        return output;
      },
      { step: 'initialize', name: 'testCallRecorder' },
    );
  }
  const calls: RecordedCall[] = [];
  const result = await scope.run(calls, work);
  return { result, calls };
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

/**
 * The items the recorded calls wrote (put, updated or deleted, by a call DynamoDB carried out), as `pk|sk`, leaving out the bookkeeping
 * every request may write (rate-limit windows, idempotency records).
 */
export const writtenKeys = (calls: RecordedCall[]): string[] => [
  ...new Set(calls.filter((call) => call.succeeded && WRITES.has(call.command)).flatMap((call) => call.keys).filter((key) => !/^(RATE|IDEMPOTENCY)#/.test(key))),
];

/** Whether a call names a rate-limit item (`RATE#...`): a window counter or sign-in throttle state. */
export const touchesRateLimit = (call: RecordedCall): boolean => call.keys.some((key) => key.startsWith('RATE#'));

/** The items now at `pk|sk` keys (as `writtenKeys` names them), read consistently; a deleted one is absent. */
export async function itemsAt(keys: string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < keys.length; start += 100) {
    let request: Record<string, { Keys: { pk: string; sk: string }[]; ConsistentRead: true }> | undefined = {
      [tableName()]: { Keys: keys.slice(start, start + 100).map((key) => ({ pk: key.slice(0, key.indexOf('|')), sk: key.slice(key.indexOf('|') + 1) })), ConsistentRead: true },
    };
    while (request && Object.keys(request).length > 0) {
      const page = await db().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of page.Responses?.[tableName()] ?? []) found.set(`${String(item.pk)}|${String(item.sk)}`, item);
      request = page.UnprocessedKeys as typeof request;
    }
  }
  return found;
}
