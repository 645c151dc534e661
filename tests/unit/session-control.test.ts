import { describe, expect, it } from 'vitest';
import { deviceLabel, rosterAfterSignIn, rosterNeedsRecount, sessionsPastCap } from '../../shared/domain/accounts/session-control.ts';

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

describe('the sign-in roster', () => {
  const sessions = (count: number) => Array.from({ length: count }, (_, index) => ({ session_id: `s${index}`, created_at: at(index) }));

  it('adds the new session and ends none below the cap', () => {
    expect(rosterAfterSignIn(sessions(2), { session_id: 'new', created_at: at(30) }, 3)).toEqual({ kept: [...sessions(2), { session_id: 'new', created_at: at(30) }], ended: [] });
  });

  it('ends the oldest others past the cap, never the new one', () => {
    const { kept, ended } = rosterAfterSignIn(sessions(3), { session_id: 'new', created_at: at(30) }, 3);

    expect(ended).toEqual(['s0']);
    expect(kept.map((session) => session.session_id)).toEqual(['s1', 's2', 'new']);
  });

  it('is recounted when missing or full, not below the cap', () => {
    expect([rosterNeedsRecount(null, 3), rosterNeedsRecount(sessions(3), 3), rosterNeedsRecount(sessions(2), 3)]).toEqual([true, true, false]);
  });
});
