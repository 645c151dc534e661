import { describe, expect, it } from 'vitest';
import { takeToken, throttleRule, type TokenBucket } from '../../shared/domain/request-throttle.ts';

describe('the request throttle rules', () => {
  it('gives the documented defaults: 600 a minute per user is a burst of 60 refilled at 10 a second, counted in batches of 30', () => {
    expect(throttleRule('api-user', 600)).toEqual({ scope: 'api-user', perMinute: 600, burst: 60, flushEvery: 30 });
    expect(throttleRule('api-source', 1_800)).toEqual({ scope: 'api-source', perMinute: 1_800, burst: 180, flushEvery: 90 });
    expect(throttleRule('api-user', 6)).toEqual({ scope: 'api-user', perMinute: 6, burst: 1, flushEvery: 1 });
  });

  it('allows a full burst at once, refuses the next with the wait for one token, and refills evenly', () => {
    const rule = throttleRule('api-user', 600);
    let bucket: TokenBucket | undefined;
    const decisions = [];
    for (let request = 0; request < 61; request += 1) {
      const taken = takeToken(bucket, rule, 1_000);
      bucket = taken.bucket;
      decisions.push(taken.decision.allowed);
    }
    const refused = takeToken(bucket, rule, 1_000);
    const afterTenthOfASecond = takeToken(refused.bucket, rule, 1_100);
    const afterAMinute = takeToken(afterTenthOfASecond.bucket, rule, 61_100);

    expect(decisions.filter(Boolean)).toHaveLength(60);
    expect(decisions[60]).toBe(false);
    expect(refused.decision).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(afterTenthOfASecond.decision).toEqual({ allowed: true });
    expect(afterAMinute.bucket.tokens).toBe(59);
  });

  it('says how long to wait when the refill is slow', () => {
    const rule = throttleRule('api-user', 6);
    const first = takeToken(undefined, rule, 0);

    const second = takeToken(first.bucket, rule, 2_500);

    expect(first.decision).toEqual({ allowed: true });
    expect(second.decision).toEqual({ allowed: false, retryAfterSeconds: 8 });
  });
});
