import { describe, expect, it } from 'vitest';
import { announcementRecipients } from '../../shared/domain/announcements/audience.ts';
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
