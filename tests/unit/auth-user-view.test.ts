import { describe, expect, it } from 'vitest';
import { countAttended, eventHasPassed, publicUser } from '../../functions/auth/user-view.ts';
import type { UserRecord } from '../../shared/data/users.ts';

const now = new Date('2026-06-20T12:00:00Z');

describe('eventHasPassed', () => {
  it.each([
    ['2026-06-20T11:59:59Z', true],
    ['2026-06-20T12:00:01Z', false],
    ['2026-06-19', true],
    ['2026-06-20', false],
    ['not a date', false],
  ])('%s has passed: %s', (eventDate, expected) => {
    expect(eventHasPassed(eventDate, now)).toBe(expected);
  });
});

describe('countAttended', () => {
  it('counts passed events that were not cancelled', () => {
    const events = [
      { event_date: '2026-06-01T18:00:00Z', status: 'completed' },
      { event_date: '2026-06-02T18:00:00Z', status: 'cancelled' },
      { event_date: '2026-07-01T18:00:00Z', status: 'confirmed' },
      { status: 'planning' },
      { event_date: '2026-05-01', status: 'planning' },
    ];

    expect(countAttended(events, now)).toBe(2);
  });
});

describe('publicUser', () => {
  it('shows the profile and never the hash, version or counters', () => {
    const record: UserRecord = {
      id: '01J00000000000000000000000',
      username: 'Ada',
      email: 'ada@example.com',
      full_name: 'Ada Lovelace',
      password_hash: 'scrypt$17$8$1$salt$key',
      events_created: 3,
      version: 1,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    };

    const shown = publicUser(record);

    expect(Object.keys(shown).sort()).toEqual(['created_at', 'email', 'email_verified', 'full_name', 'id', 'phone', 'updated_at', 'username']);
    expect(shown.phone).toBeNull();
  });
});
