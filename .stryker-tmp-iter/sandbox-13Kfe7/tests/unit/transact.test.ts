// @ts-nocheck
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ServiceUnavailableError } from '../../shared/http/errors.ts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../shared/data/client.ts';
import { transact, TransactionConditionFailed } from '../../shared/data/transact.ts';

// DynamoDB Local never cancels a transaction as a conflict on demand, so the client's answers are scripted.
vi.mock('../../shared/data/client.ts', () => {
  const send = vi.fn();
  return { db: () => ({ send }), tableName: () => 'table' };
});
const send = vi.mocked(db().send);

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const item = { Put: { Item: { pk: 'A', sk: 'B' } } };

beforeEach(() => {
  send.mockReset();
});

describe('transact', () => {
  it('retries a cancellation caused by a concurrent transaction, then answers by the condition', async () => {
    send.mockRejectedValueOnce(cancelled('None', 'TransactionConflict')).mockRejectedValueOnce(cancelled('None', 'ConditionalCheckFailed'));

    const outcome = transact([item, item]);

    await expect(outcome).rejects.toEqual(new TransactionConditionFailed([1]));
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('gives up after a few conflicts with 503 and Retry-After', async () => {
    send.mockRejectedValue(cancelled('TransactionConflict'));

    const error = await transact([item]).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).extra.headers).toEqual({ 'Retry-After': '1' });
    expect(send).toHaveBeenCalledTimes(7);
  });

  it('never retries a failed condition', async () => {
    send.mockRejectedValue(cancelled('ConditionalCheckFailed', 'None'));

    await expect(transact([item, item])).rejects.toBeInstanceOf(TransactionConditionFailed);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
