import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { attachMeter } from '../../bench/meter.ts';
import { callBudgetMisses, pageBudgetMisses } from '../../bench/page-budget.ts';
import type { BenchRow } from '../../bench/scenario.ts';
import { nameKey } from '../../shared/domain/guests/name-key.ts';

/** Issue 15, goal 1: what the bench's list budget counts and judges, and the name key lists sort by. */
function meteredClient() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  // Answers every call after a tick instead of sending it: the meter sits in front and counts.
  client.middlewareStack.add(() => async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { output: { $metadata: {}, ConsumedCapacity: { CapacityUnits: 1 } }, response: {} };
  }, { step: 'finalizeRequest', name: 'fakeDynamo', priority: 'low' });
  return { client, meter: attachMeter(client) };
}

const row = (fields: Partial<BenchRow>): BenchRow => ({
  endpoint: 'GET list', requests: 1, dynamoCallsPerRequest: 3, capacityUnitsPerRequest: 10, p50Ms: 1, p95Ms: 1,
  sequentialCallsPerRequest: 2, rawCapacityUnitsPerRequest: 10, pageBudget: { maxSequentialCalls: 2, maxCapacityRatio: 1.5 }, ...fields,
});

describe('the bench meter counts rounds of calls', () => {
  it('counts calls sent together as one round and calls one after another as one each', async () => {
    const { client, meter } = meteredClient();
    const get = () => client.send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } }));

    await get();
    await Promise.all([get(), client.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'a' } }))]);

    expect({ calls: meter.calls, rounds: meter.rounds }).toEqual({ calls: 3, rounds: 2 });
  });
});

describe('pageBudgetMisses', () => {
  it('passes a page within both limits and a row without a budget', () => {
    expect(pageBudgetMisses(row({ capacityUnitsPerRequest: 15 }))).toEqual([]);
    expect(pageBudgetMisses(row({ pageBudget: undefined, sequentialCallsPerRequest: 9 }))).toEqual([]);
  });

  it('names each limit missed, and an unmeasured row misses', () => {
    expect(pageBudgetMisses(row({ sequentialCallsPerRequest: 479, capacityUnitsPerRequest: 1909, rawCapacityUnitsPerRequest: 5 }))).toEqual([
      '479 sequential calls > 2',
      '1909 capacity units > 1.5 x 5 of the items returned',
    ]);
    expect(pageBudgetMisses(row({ sequentialCallsPerRequest: undefined, rawCapacityUnitsPerRequest: undefined }))).toHaveLength(2);
  });
});

describe('nameKey', () => {
  it('folds accents, case and runs of spaces, and trims', () => {
    expect(nameKey('  Émilie   du\tChâtelet ')).toBe('emilie du chatelet');
    expect(nameKey('ZOË')).toBe(nameKey('zoe'));
  });

  it('keeps a name within the index key size', () => {
    expect(nameKey('a'.repeat(500))).toHaveLength(200);
  });
});

describe('callBudgetMisses', () => {
  it('passes a row within its calls and one without a budget, and names the calls past it', () => {
    expect(callBudgetMisses(row({ ownCallsPerRequest: 3, maxCallsPerRequest: 3 }))).toEqual([]);
    expect(callBudgetMisses(row({ ownCallsPerRequest: 9 }))).toEqual([]);
    expect(callBudgetMisses(row({ ownCallsPerRequest: 4, maxCallsPerRequest: 3 }))).toEqual(['4 DynamoDB calls a request > 3']);
    expect(callBudgetMisses(row({ maxCallsPerRequest: 3 }))).toEqual(['Infinity DynamoDB calls a request > 3']);
  });
});
