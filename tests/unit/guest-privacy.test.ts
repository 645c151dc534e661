import { describe, expect, it } from 'vitest';
import { anonymisedGuest, eventEndsAt, guestPurgeDueAt, mayPurgeGuestData, redactChanges, withoutPersonalFields } from '../../shared/domain/guests/privacy.ts';
import { contributionOf, type GuestRecord } from '../../shared/domain/guests/rules.ts';

const guest: GuestRecord = {
  id: 'G1', event_id: 'E1', name: 'Zephyrine Quill', email: 'zq@example.com', phone: '+44 20 7946 0000',
  dietary_restrictions: ['vegan', 'no kiwi'], special_needs: 'wheelchair', plus_one_allowed: true, plus_one_limit: 2,
  plus_one_count: 2, party_name: 'The Quills', notes: 'old friend', rsvp_status: 'yes', rsvp_date: '2027-05-01T10:00:00Z',
  rsvp_note: 'Cannot wait', invited_at: '2027-04-01T09:00:00Z', opened_at: '2027-04-02T09:00:00Z', code_hash: 'abc',
  code_sealed: 'sealed', created_at: '2027-03-01T00:00:00Z', updated_at: '2027-05-01T10:00:00Z', version: 4,
};

describe('when guest data is due', () => {
  it('ends an event at the end of its day in its own zone', () => {
    // 23:30 in Los Angeles on 20 June is 06:30 UTC on the 21st; the day there ends at 07:00 UTC on the 21st.
    expect(eventEndsAt({ event_date: '2027-06-21T06:30:00Z', timezone: 'America/Los_Angeles' })).toBe('2027-06-21T07:00:00Z');
    expect(eventEndsAt({ event_date: '2027-06-20T18:00:00Z', timezone: 'UTC' })).toBe('2027-06-21T00:00:00Z');
  });

  it('purges the retention in calendar days after the end, across a change of clocks', () => {
    // London: the event day ends at 23:00 UTC (BST); 90 days later is in GMT, still local midnight.
    expect(guestPurgeDueAt({ event_date: '2027-08-20T18:00:00Z', timezone: 'Europe/London' }, 90)).toBe('2027-11-19T00:00:00Z');
    expect(guestPurgeDueAt({ event_date: '2027-06-20T18:00:00Z', timezone: 'UTC' }, 1)).toBe('2027-06-22T00:00:00Z');
  });

  it('lets the organizer purge after the end, a cancelled event at any time, and before the end only with force', () => {
    const event = { event_date: '2027-06-20T18:00:00Z', timezone: 'UTC', status: 'confirmed' as const };

    expect(mayPurgeGuestData(event, new Date('2027-06-20T23:59:59Z'), false)).toBe(false);
    expect(mayPurgeGuestData(event, new Date('2027-06-21T00:00:00Z'), false)).toBe(true);
    expect(mayPurgeGuestData({ ...event, status: 'cancelled' }, new Date('2027-01-01T00:00:00Z'), false)).toBe(true);
    expect(mayPurgeGuestData(event, new Date('2027-01-01T00:00:00Z'), true)).toBe(true);
  });
});

describe('anonymising a guest', () => {
  it('removes every personal field and the invitation code, naming the guest by number', () => {
    const after = anonymisedGuest(guest, 7, '2027-09-01T00:00:00Z');

    expect(after).toEqual({
      id: 'G1', event_id: 'E1', name: 'Guest 7', dietary_restrictions: [], plus_one_allowed: true, plus_one_limit: 2, plus_one_count: 2,
      rsvp_status: 'yes', rsvp_date: '2027-05-01T10:00:00Z', invited_at: '2027-04-01T09:00:00Z', opened_at: '2027-04-02T09:00:00Z',
      code_hash: '', created_at: '2027-03-01T00:00:00Z', updated_at: '2027-05-01T10:00:00Z', version: 4, anonymised_at: '2027-09-01T00:00:00Z',
    });
  });

  it('keeps the number of a guest anonymised before and given personal data again', () => {
    const again = anonymisedGuest({ ...anonymisedGuest(guest, 3, 'a'), email: 'back@example.com' }, 9, 'b');
    const renamed = anonymisedGuest({ ...anonymisedGuest(guest, 3, 'a'), name: 'Zephyrine' }, 9, 'b');

    expect([again.name, again.email, again.anonymised_at]).toEqual(['Guest 3', undefined, 'b']);
    expect(renamed.name).toBe('Guest 9');
  });

  it('keeps what the counts are made of: the guest contributes exactly as before', () => {
    for (const status of ['pending', 'yes', 'no', 'maybe', 'waitlisted'] as const) {
      const before = { ...guest, rsvp_status: status, ...(status === 'waitlisted' ? { waitlisted_at: '2027-05-02T00:00:00Z' } : {}) };
      const after = anonymisedGuest(before, 1, '2027-09-01T00:00:00Z');

      expect(contributionOf(after)).toEqual(contributionOf(before));
      expect(after.waitlisted_at).toBe(before.waitlisted_at);
    }
  });
});

describe('redacting recorded changes', () => {
  it('keeps the name of a changed personal field but neither value, and other changes whole', () => {
    const changes = [
      { field: 'email', before: 'zq@example.com', after: 'z@example.com' },
      { field: 'dietary_restrictions', before: [], after: ['vegan'] },
      { field: 'rsvp_status', before: 'pending', after: 'yes' },
      { field: 'plus_one_count', before: 0, after: 2 },
    ];

    expect(redactChanges(changes)).toEqual([
      { field: 'email', before: null, after: null },
      { field: 'dietary_restrictions', before: null, after: null },
      { field: 'rsvp_status', before: 'pending', after: 'yes' },
      { field: 'plus_one_count', before: 0, after: 2 },
    ]);
  });

  it('strips personal parts from nested values: a bulk add keeps ids, a removal keeps the answer', () => {
    const changes = [
      { field: 'guests', before: null, after: [{ id: 'G1', name: 'Zephyrine Quill', email: 'zq@example.com' }, { id: 'G2', name: 'Odo', email: null }] },
      { field: 'guest', before: { name: 'Zephyrine Quill', email: 'zq@example.com', rsvp_status: 'yes' }, after: null },
    ];

    const redacted = redactChanges(changes);

    expect(redacted).toEqual([
      { field: 'guests', before: null, after: [{ id: 'G1' }, { id: 'G2' }] },
      { field: 'guest', before: { rsvp_status: 'yes' }, after: null },
    ]);
    expect(JSON.stringify(redacted)).not.toMatch(/Quill|zq@|Odo/);
  });

  it('strips a notice recipient down to who it was by id and what they answered', () => {
    expect(withoutPersonalFields({ guest_id: 'G1', name: 'Zephyrine Quill', email: 'zq@example.com', rsvp_status: 'yes', invited_at: 'x' }))
      .toEqual({ guest_id: 'G1', rsvp_status: 'yes', invited_at: 'x' });
    expect(withoutPersonalFields('plain')).toBe('plain');
    // A domain event's copy of the guest's name goes too.
    expect(withoutPersonalFields([{ type: 'rsvp.received', detail: { guest_id: 'G1', guest_name: 'Zephyrine Quill', rsvp_status: 'yes' } }]))
      .toEqual([{ type: 'rsvp.received', detail: { guest_id: 'G1', rsvp_status: 'yes' } }]);
  });
});
