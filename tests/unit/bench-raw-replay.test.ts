import { describe, expect, it } from 'vitest';
import { movedItem, replayPlan } from '../../bench/raw-replay.ts';

/** The load phase's raw calls of a write route: its own calls again, writes on copies under throwaway keys (bench/raw-replay.ts). */
describe("a write route's replayed raw calls", () => {
  const prefix = 'BENCHRAW#r0#';

  it('moves the key and the index keys of an item, and nothing else', () => {
    expect(movedItem(prefix, { pk: 'EVENT#e1', sk: 'GUEST#g1', gsi3pk: 'GUESTS#e1#YES', gsi3sk: 'NAME#ada', name: 'Ada', rsvp_status: 'yes', count: 2 })).toEqual({
      pk: 'BENCHRAW#r0#EVENT#e1', sk: 'GUEST#g1', gsi3pk: 'BENCHRAW#r0#GUESTS#e1#YES', gsi3sk: 'NAME#ada', name: 'Ada', rsvp_status: 'yes', count: 2,
    });
  });

  it('writes a transaction on copies without its conditions, and names the items to copy first', () => {
    const plan = replayPlan(prefix, [
      { name: 'GetItem', input: { TableName: 't', Key: { pk: 'INVCODE#x', sk: 'INVCODE' } } },
      {
        name: 'TransactWriteItems',
        input: {
          TransactItems: [
            {
              Update: {
                TableName: 't', Key: { pk: 'EVENT#e1', sk: 'EVENT' },
                UpdateExpression: 'ADD rsvp_yes :one SET gsi1pk = :listed',
                ConditionExpression: '#version = :read',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':one': 1, ':listed': 'LISTED#e1', ':read': 4 },
              },
            },
            { Put: { TableName: 't', Item: { pk: 'EVENT#e1', sk: 'AUDIT#1', action: 'guest.rsvp' }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { ConditionCheck: { TableName: 't', Key: { pk: 'PARTY#p1', sk: 'PARTY' }, ConditionExpression: '#version = :read', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':read': 2 } } },
          ],
        },
      },
    ]);

    expect(plan.calls).toEqual([
      { name: 'GetItem', input: { TableName: 't', Key: { pk: 'INVCODE#x', sk: 'INVCODE' } } },
      {
        name: 'TransactWriteItems',
        input: {
          TransactItems: [
            {
              Update: {
                TableName: 't', Key: { pk: 'BENCHRAW#r0#EVENT#e1', sk: 'EVENT' },
                UpdateExpression: 'ADD rsvp_yes :one SET gsi1pk = :listed',
                ExpressionAttributeValues: { ':one': 1, ':listed': 'BENCHRAW#r0#LISTED#e1' },
              },
            },
            { Put: { TableName: 't', Item: { pk: 'BENCHRAW#r0#EVENT#e1', sk: 'AUDIT#1', action: 'guest.rsvp' } } },
            { ConditionCheck: { TableName: 't', Key: { pk: 'BENCHRAW#r0#PARTY#p1', sk: 'PARTY' }, ConditionExpression: 'attribute_exists(pk)' } },
          ],
        },
      },
    ]);
    expect(plan.copies).toEqual([{ pk: 'EVENT#e1', sk: 'EVENT' }, { pk: 'PARTY#p1', sk: 'PARTY' }]);
  });

  it('refuses a call it cannot send again', () => {
    expect(() => replayPlan(prefix, [{ name: 'Scan', input: { TableName: 't' } }])).toThrow('the replay has no way to send Scan again');
  });
});
