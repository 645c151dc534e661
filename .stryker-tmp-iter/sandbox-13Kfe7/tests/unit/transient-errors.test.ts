// @ts-nocheck
import { ConditionalCheckFailedException, InternalServerError, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { isThrottling, isTransientAwsFailure, retryAfterSeconds, retryWhileTransient } from '../../shared/aws/transient-errors.ts';
import { ServiceUnavailableError } from '../../shared/http/errors.ts';

/** Which AWS failures the API answers with 503 (by class, fault side, status and code; never by message). */
const $metadata = (httpStatusCode: number) => ({ httpStatusCode });

describe('isTransientAwsFailure', () => {
  it('is true for throttling, server faults, timeouts and dropped connections', () => {
    expect(isTransientAwsFailure(new ProvisionedThroughputExceededException({ message: 'x', $metadata: $metadata(400) }))).toBe(true);
    expect(isTransientAwsFailure(new TooManyRequestsException({ message: 'x', $metadata: $metadata(429) }))).toBe(true);
    expect(isTransientAwsFailure(new InternalServerError({ message: 'x', $metadata: $metadata(500) }))).toBe(true);
    expect(isTransientAwsFailure(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe(true);
    expect(isTransientAwsFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('is false for the caller’s own conflicts and for errors that are not AWS failures', () => {
    expect(isTransientAwsFailure(new ConditionalCheckFailedException({ message: 'x', $metadata: $metadata(400) }))).toBe(false);
    expect(isTransientAwsFailure(new TransactionCanceledException({ message: 'x', $metadata: $metadata(400) }))).toBe(false);
    expect(isTransientAwsFailure(new Error('Throttling in the message only'))).toBe(false);
    expect(isTransientAwsFailure(new TypeError('x'))).toBe(false);
    expect(isTransientAwsFailure(undefined)).toBe(false);
  });

  it('asks for a longer wait after throttling', () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'x', $metadata: $metadata(400) });
    expect(isThrottling(throttled)).toBe(true);
    expect(retryAfterSeconds(throttled)).toBe(2);
    expect(retryAfterSeconds(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe(1);
  });
});

describe('retryWhileTransient', () => {
  it('tries again after transient failures and a 503, and not after anything else', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls === 1) throw new InternalServerError({ message: 'x', $metadata: $metadata(500) });
      if (calls === 2) throw new ServiceUnavailableError(1);
      return 'recorded';
    };
    const refused = async () => {
      throw new ConditionalCheckFailedException({ message: 'x', $metadata: $metadata(400) });
    };

    expect(await retryWhileTransient(flaky)).toBe('recorded');
    expect(calls).toBe(3);
    await expect(retryWhileTransient(refused)).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });
});
