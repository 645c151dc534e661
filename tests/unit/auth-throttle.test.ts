import { describe, expect, it } from 'vitest';
import { accountSubject, backoffSeconds, combine, secondsUntil, windowAt, windowDecision } from '../../shared/domain/accounts/login-throttle.ts';

const FIFTEEN_MINUTES = 900;
const rules = { freeFailures: 5, backoffBaseSeconds: 30, backoffMaxSeconds: 900 };

describe('windowAt', () => {
  it('puts an instant in its fixed window', () => {
    const window = windowAt(new Date('2026-06-20T18:07:30Z'), FIFTEEN_MINUTES);

    expect(new Date(window.start * 1000).toISOString()).toBe('2026-06-20T18:00:00.000Z');
    expect(new Date(window.end * 1000).toISOString()).toBe('2026-06-20T18:15:00.000Z');
  });

  it('starts a new window exactly at the boundary', () => {
    expect(windowAt(new Date('2026-06-20T18:15:00Z'), FIFTEEN_MINUTES).start).toBe(Date.parse('2026-06-20T18:15:00Z') / 1000);
  });
});

describe('windowDecision', () => {
  const now = new Date('2026-06-20T18:07:30Z');
  const window = windowAt(now, FIFTEEN_MINUTES);

  it('allows below the limit', () => {
    expect(windowDecision(4, 5, window, now)).toEqual({ allowed: true });
  });

  it('refuses at the limit until the window ends', () => {
    expect(windowDecision(5, 5, window, now)).toEqual({ allowed: false, retryAfterSeconds: 450 });
  });

  it('never asks to retry after less than a second', () => {
    const atEnd = new Date((window.end - 0.2) * 1000);

    expect(windowDecision(5, 5, window, atEnd)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});

describe('backoffSeconds', () => {
  it('is free for the first failures, then 30 s doubling up to 15 minutes', () => {
    expect([1, 4, 5, 6, 7, 8, 9, 10, 11, 40].map((attempts) => backoffSeconds(attempts, rules))).toEqual([0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
  });
});

describe('combine', () => {
  it('allows only when every limit allows, and waits for the longest refusal', () => {
    expect(combine([{ allowed: true }, { allowed: true }])).toEqual({ allowed: true });
    expect(combine([{ allowed: true }, { allowed: false, retryAfterSeconds: 30 }, { allowed: false, retryAfterSeconds: 600 }])).toEqual({ allowed: false, retryAfterSeconds: 600 });
  });
});

describe('secondsUntil', () => {
  it('rounds up and is at least one second', () => {
    const now = new Date('2026-06-20T18:00:00.000Z');
    expect(secondsUntil('2026-06-20T18:00:29.200Z', now)).toBe(30);
    expect(secondsUntil('2026-06-20T17:00:00.000Z', now)).toBe(1);
  });
});

describe('accountSubject', () => {
  it('counts an account by its user, whichever form named it, and an unknown name in any case', () => {
    expect(accountSubject({ userId: '01JD3M8W6ZQ4V7N2K5T9X1B3C8' })).toBe('user:01JD3M8W6ZQ4V7N2K5T9X1B3C8');
    expect(accountSubject({ login: '  Ada@Example.COM ' })).toBe(accountSubject({ login: 'ada@example.com' }));
  });
});
