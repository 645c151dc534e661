import { describe, expect, it } from 'vitest';
import { deviceLabel, sessionsPastCap } from '../../shared/domain/accounts/session-control.ts';

const at = (minute: number) => `2026-12-05T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('sessionsPastCap', () => {
  it('ends nothing at or under the cap', () => {
    const sessions = [{ session_id: 'a', created_at: at(1) }, { session_id: 'b', created_at: at(2) }];

    expect(sessionsPastCap(sessions, 2, 'b')).toEqual([]);
    expect(sessionsPastCap([], 1, 'x')).toEqual([]);
  });

  it('ends the oldest others past the cap, never the one just made, whatever their order', () => {
    const sessions = [
      { session_id: 'newest', created_at: at(9) },
      { session_id: 'old', created_at: at(2) },
      { session_id: 'oldest', created_at: at(1) },
      { session_id: 'kept', created_at: at(0) },
    ];

    expect(sessionsPastCap(sessions, 2, 'kept')).toEqual(['oldest', 'old']);
    expect(sessionsPastCap(sessions, 3, 'newest')).toEqual(['kept']);
  });
});

describe('deviceLabel', () => {
  it('keeps printable ASCII only, trimmed, at most 200 characters; nothing left is no label', () => {
    expect(deviceLabel('  Firefox/140\u0000\n ')).toBe('Firefox/140');
    expect(deviceLabel('x'.repeat(500))).toHaveLength(200);
    expect(deviceLabel('\u0007\u00e9')).toBeUndefined();
    expect(deviceLabel(undefined)).toBeUndefined();
  });
});
