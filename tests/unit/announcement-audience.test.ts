import { describe, expect, it } from 'vitest';
import { announcementRecipients, withheldReason } from '../../shared/domain/announcements/audience.ts';
import { announcementChanges } from '../../shared/domain/announcements/edit.ts';
import { announcementSendAt } from '../../shared/domain/announcements/schedule.ts';
import type { SeatRecord } from '../../shared/domain/seating/rules.ts';
import type { SubEventInvitation } from '../../shared/domain/sub-events/rules.ts';
import type { GuestRecord } from '../../shared/domain/guests/rules.ts';

const guest = (id: string, fields: Partial<GuestRecord> = {}): GuestRecord => ({
  id, event_id: 'E', name: id, email: `${id}@example.com`, dietary_restrictions: [], plus_one_allowed: false, plus_one_limit: 0, plus_one_count: 0,
  rsvp_status: 'pending', code_hash: 'h', created_at: '2030-01-01T00:00:00Z', updated_at: '2030-01-01T00:00:00Z', version: 1, ...fields,
});

const list = [
  guest('yes-mailed', { rsvp_status: 'yes', party_id: 'P1' }),
  guest('yes-no-email', { rsvp_status: 'yes', email: undefined }),
  guest('pending-mailed', { party_id: 'P1' }),
  guest('pending-blank-email', { email: '  ' }),
  guest('no-mailed', { rsvp_status: 'no', party_id: 'P2' }),
  guest('maybe-mailed', { rsvp_status: 'maybe' }),
  guest('waitlisted-mailed', { rsvp_status: 'waitlisted' }),
];
const ids = (result: ReturnType<typeof announcementRecipients>) => result.recipients.map((recipient) => recipient.id);

describe('announcement segments', () => {
  it('all: every guest with an email, the others counted as skipped', () => {
    const result = announcementRecipients(list, { segment: 'all' });

    expect(ids(result)).toEqual(['yes-mailed', 'pending-mailed', 'no-mailed', 'maybe-mailed', 'waitlisted-mailed']);
    expect(result.skipped_no_email).toBe(2);
  });

  it('attending: the yeses only (not maybe, not waitlisted)', () => {
    const result = announcementRecipients(list, { segment: 'attending' });

    expect(ids(result)).toEqual(['yes-mailed']);
    expect(result.skipped_no_email).toBe(1);
  });

  it('not_answered: the pending guests only', () => {
    const result = announcementRecipients(list, { segment: 'not_answered' });

    expect(ids(result)).toEqual(['pending-mailed']);
    expect(result.skipped_no_email).toBe(1);
  });

  it("party: that party's members only, whatever their answer", () => {
    expect(ids(announcementRecipients(list, { segment: 'party', party_id: 'P1' }))).toEqual(['yes-mailed', 'pending-mailed']);
    expect(ids(announcementRecipients(list, { segment: 'party', party_id: 'P2' }))).toEqual(['no-mailed']);
    expect(announcementRecipients(list, { segment: 'party', party_id: 'P3' })).toEqual({ recipients: [], skipped_no_email: 0 });
  });
});

describe('announcement segments of a sub-event and a table', () => {
  const invitation = (guestId: string, subEventId: string, status: SubEventInvitation['status']): SubEventInvitation =>
    ({ event_id: 'E', guest_id: guestId, sub_event_id: subEventId, status, headcount: 1, version: 1 });
  const subEventInvitations = [
    invitation('yes-mailed', 'S1', 'yes'),
    invitation('yes-no-email', 'S1', 'yes'),
    invitation('pending-mailed', 'S1', 'pending'),
    invitation('no-mailed', 'S1', 'no'),
    invitation('waitlisted-mailed', 'S1', 'waitlisted'),
    invitation('maybe-mailed', 'S2', 'yes'),
  ];
  const seat = (guestId: string, tableId: string, slot: number, seatNumber: number): SeatRecord => ({ guest_id: guestId, slot, table_id: tableId, seat_number: seatNumber });
  const seats = [seat('yes-mailed', 'T1', 0, 1), seat('yes-mailed', 'T1', 1, 2), seat('no-mailed', 'T1', 1, 3), seat('yes-no-email', 'T1', 0, 4), seat('pending-mailed', 'T2', 0, 1)];

  it('sub_event: everyone invited to it, whatever their answer to it (not the other sub-event\'s guests)', () => {
    const result = announcementRecipients(list, { segment: 'sub_event', sub_event_id: 'S1', attending_only: false }, { subEventInvitations });

    expect(ids(result)).toEqual(['yes-mailed', 'pending-mailed', 'no-mailed', 'waitlisted-mailed']);
    expect(result.skipped_no_email).toBe(1);
  });

  it('sub_event with attending_only: those whose answer to it is yes (not waitlisted, declined or unanswered)', () => {
    const result = announcementRecipients(list, { segment: 'sub_event', sub_event_id: 'S1', attending_only: true }, { subEventInvitations });

    expect(ids(result)).toEqual(['yes-mailed']);
    expect(result.skipped_no_email).toBe(1);
  });

  it('table: the guests seated there themselves, not a guest whose plus-one alone sits there', () => {
    const result = announcementRecipients(list, { segment: 'table', table_id: 'T1' }, { seats });

    expect(ids(result)).toEqual(['yes-mailed']);
    expect(result.skipped_no_email).toBe(1);
    expect(ids(announcementRecipients(list, { segment: 'table', table_id: 'T2' }, { seats }))).toEqual(['pending-mailed']);
  });

  it('an empty sub-event or table reaches nobody', () => {
    expect(announcementRecipients(list, { segment: 'sub_event', sub_event_id: 'S3', attending_only: false }, { subEventInvitations })).toEqual({ recipients: [], skipped_no_email: 0 });
    expect(announcementRecipients(list, { segment: 'table', table_id: 'T9' }, { seats })).toEqual({ recipients: [], skipped_no_email: 0 });
  });
});

describe('send_at', () => {
  const now = new Date('2030-01-01T12:00:00Z');

  it('takes a future instant, or a local date-time in the event\'s zone', () => {
    expect(announcementSendAt('2030-01-02T09:00:00Z', 'UTC', now)).toEqual({ instant: '2030-01-02T09:00:00.000Z' });
    expect(announcementSendAt('2030-01-02T09:00', 'Europe/Paris', now)).toEqual({ instant: '2030-01-02T08:00:00.000Z' });
  });

  it('refuses a time not in the future, or more than a year ahead', () => {
    expect(announcementSendAt('2030-01-01T12:00:00Z', 'UTC', now)).toEqual({ problem: { path: 'send_at', message: 'send_at must be in the future' } });
    expect(announcementSendAt('2031-01-01T12:00:00Z', 'UTC', now)).toEqual({ instant: '2031-01-01T12:00:00.000Z' });
    expect(announcementSendAt('2031-01-01T12:00:01Z', 'UTC', now)).toEqual({ problem: { path: 'send_at', message: 'send_at must be at most a year ahead' } });
  });
});

describe('withheldReason: a recorded recipient removed or purged since', () => {
  const recordedAt = '2030-01-02T00:00:00Z';

  it('sends to a guest still on the list, or purged before it was recorded and given an address again', () => {
    expect(withheldReason({ email: 'a@example.com' }, { id: 'A' }, recordedAt)).toBeNull();
    expect(withheldReason({ email: 'a@example.com' }, { id: 'A', anonymised_at: '2030-01-01T00:00:00Z' }, recordedAt)).toBeNull();
  });

  it('withholds a removed guest, one anonymised since, and an address the purge redacted', () => {
    expect(withheldReason({ email: 'a@example.com' }, undefined, recordedAt)).toBe('guest_removed');
    expect(withheldReason({ email: 'a@example.com' }, { id: 'A', anonymised_at: recordedAt }, recordedAt)).toBe('guest_purged');
    expect(withheldReason({}, { id: 'A' }, recordedAt)).toBe('guest_purged');
  });
});

describe('announcementChanges: what an edit changes', () => {
  const current = { subject: 'Shuttle', message: 'At 15:00', send_at: '2030-06-01T10:00:00.000Z' };

  it('lists each field given with another value, before and after, and nothing for the same values', () => {
    expect(announcementChanges(current, { subject: 'Shuttle', message: 'At 16:00' })).toEqual([{ field: 'message', before: 'At 15:00', after: 'At 16:00' }]);
    expect(announcementChanges(current, { send_at: '2030-06-02T10:00:00.000Z' })).toEqual([{ field: 'send_at', before: current.send_at, after: '2030-06-02T10:00:00.000Z' }]);
    expect(announcementChanges(current, {})).toEqual([]);
  });
});
