// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { accountSubject, throttleDecision, windowAt } from '../../shared/domain/login-throttle.ts';

const FIFTEEN_MINUTES = 900;

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

describe('throttleDecision', () => {
  const now = new Date('2026-06-20T18:07:30Z');
  const window = windowAt(now, FIFTEEN_MINUTES);

  it('allows sign-in below the limit on both counters', () => {
    expect(throttleDecision({ account: 4, sourceIp: 4 }, 5, window, now)).toEqual({ allowed: true });
  });

  it.each([
    [{ account: 5, sourceIp: 0 }],
    [{ account: 0, sourceIp: 5 }],
    [{ account: 9, sourceIp: 9 }],
  ])('refuses at the limit on either counter (%j) until the window ends', (failures) => {
    expect(throttleDecision(failures, 5, window, now)).toEqual({ allowed: false, retryAfterSeconds: 450 });
  });

  it('never asks to retry after less than a second', () => {
    const atEnd = new Date((window.end - 0.2) * 1000);

    expect(throttleDecision({ account: 5, sourceIp: 0 }, 5, window, atEnd)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});

describe('accountSubject', () => {
  it('counts one account whatever case and spacing it was typed in', () => {
    expect(accountSubject('  Ada@Example.COM ')).toBe(accountSubject('ada@example.com'));
  });
});
