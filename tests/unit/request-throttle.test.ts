import { describe, expect, it } from 'vitest';
import { takeToken, throttleRule, type TokenBucket } from '../../shared/domain/request-throttle.ts';
import { registrationRateRule } from '../../shared/domain/accounts/registration.ts';
import { forgotRateRules } from '../../shared/domain/accounts/password-reset.ts';
import { rsvpRateRule } from '../../shared/domain/rsvp/rate-limit.ts';
import type { ThrottleWindow } from '../../shared/domain/accounts/login-throttle.ts';
import { RequestLimiter } from '../../shared/http/request-limiter.ts';

describe('the request throttle rules', () => {
  it('gives the documented defaults: 600 a minute per user is a burst of 60 refilled at 10 a second, counted in batches of 30', () => {
    expect(throttleRule('api-user', 600)).toEqual({ scope: 'api-user', perWindow: 600, windowSeconds: 60, burst: 60, flushEvery: 30 });
    expect(throttleRule('api-source', 1_800)).toEqual({ scope: 'api-source', perWindow: 1_800, windowSeconds: 60, burst: 180, flushEvery: 90 });
    expect(throttleRule('api-user', 6)).toEqual({ scope: 'api-user', perWindow: 6, windowSeconds: 60, burst: 1, flushEvery: 1 });
  });

  it('gives the public RSVP routes 300 per 10 minutes per address: a burst of 30 refilled one every 2 s, counted in batches of 15', () => {
    expect(rsvpRateRule(300)).toEqual({ scope: 'rsvp-ip', perWindow: 300, windowSeconds: 600, burst: 30, flushEvery: 15 });
  });

  it('gives registration and the reset mail their whole allowance at once, reported every half of it and never on a first request', () => {
    expect(registrationRateRule(10)).toEqual({ scope: 'register-ip', perWindow: 10, windowSeconds: 3_600, burst: 10, flushEvery: 5 });
    expect(forgotRateRules.perAddress).toEqual({ scope: 'forgot-address', perWindow: 3, windowSeconds: 900, burst: 3, flushEvery: 2 });
    expect(forgotRateRules.perSource).toEqual({ scope: 'forgot-source', perWindow: 20, windowSeconds: 900, burst: 20, flushEvery: 10 });
    // Even a limit of one: the one request is answered from memory.
    expect(registrationRateRule(1)).toMatchObject({ burst: 1, flushEvery: 2 });
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

/**
 * The limiter in front of a fake shared count (the port; tests/integration/public-rate-limits.test.ts uses
 * DynamoDB Local): which requests reach the shared count at all.
 */
function fakeSharedCount(startingTotal = 0) {
  const batches: number[] = [];
  let total = startingTotal;
  const count = async (_scope: string, _subject: string, _window: ThrottleWindow, delta: number) => {
    batches.push(delta);
    total += delta;
    return total;
  };
  return { batches, count };
}

describe('RequestLimiter', () => {
  const rule = rsvpRateRule(300);
  const at = new Date('2026-12-06T12:00:00Z');

  it('answers a caller below a batch from memory alone: no shared count read or written', async () => {
    const shared = fakeSharedCount();
    const limiter = new RequestLimiter(shared.count);

    const decisions = [];
    for (let request = 0; request < rule.flushEvery - 1; request += 1) decisions.push(await limiter.take(rule, '192.0.2.1', at));

    expect(decisions.every((decision) => decision.allowed)).toBe(true);
    expect(shared.batches).toEqual([]);
  });

  it('refuses past the burst from memory, with the wait for the next token, and reports in batches', async () => {
    const shared = fakeSharedCount();
    const limiter = new RequestLimiter(shared.count);

    const decisions = [];
    for (let request = 0; request < rule.burst + 1; request += 1) decisions.push(await limiter.take(rule, '192.0.2.2', at));

    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(rule.burst);
    expect(decisions.at(-1)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(shared.batches).toEqual([rule.flushEvery, rule.flushEvery]);
  });

  it('holds a caller until the window ends once the shared count (other containers) is past the limit', async () => {
    const shared = fakeSharedCount(rule.perWindow);
    const limiter = new RequestLimiter(shared.count);

    const decisions = [];
    for (let request = 0; request < rule.flushEvery + 1; request += 1) decisions.push(await limiter.take(rule, '192.0.2.3', at));

    expect(decisions.slice(0, rule.flushEvery - 1).every((decision) => decision.allowed)).toBe(true);
    // 12:00:00 is the start of a 10-minute window: held for all of it, without another call.
    expect(decisions.slice(rule.flushEvery - 1)).toEqual([{ allowed: false, retryAfterSeconds: 600 }, { allowed: false, retryAfterSeconds: 600 }]);
    expect(shared.batches).toEqual([rule.flushEvery]);
  });

  it('keeps each subject apart', async () => {
    const limiter = new RequestLimiter(fakeSharedCount().count);
    const tight = { ...rule, burst: 1 };

    const first = await limiter.take(tight, '192.0.2.4', at);
    const again = await limiter.take(tight, '192.0.2.4', at);
    const other = await limiter.take(tight, '192.0.2.5', at);

    expect([first.allowed, again.allowed, other.allowed]).toEqual([true, false, true]);
  });
});
