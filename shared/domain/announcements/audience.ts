import type { GuestRecord } from '../guests/rules.ts';

/**
 * Who an announcement goes to (issue 18, docs/announcements.md): a segment of the guest list, chosen when
 * the planner sends it. Guests without an email cannot be mailed: they are left out and counted, so the
 * planner sees how many the message did not reach. Pure rules only; the sending is not built yet.
 * - `all`: every guest on the list;
 * - `attending`: guests who answered yes (a waitlisted guest has no seat yet, so is not attending);
 * - `not_answered`: guests whose answer is still pending;
 * - `party`: the members of one party (household).
 */
export const announcementSegments = ['all', 'attending', 'not_answered', 'party'] as const;
export type AnnouncementSegment = (typeof announcementSegments)[number];

export type AnnouncementAudience = { segment: Exclude<AnnouncementSegment, 'party'> } | { segment: 'party'; party_id: string };

export type AnnouncementRecipients = {
  /** The guests in the segment who have an email, in the list's order: one email each. */
  recipients: Array<GuestRecord & { email: string }>;
  /** How many guests of the segment have no email (left out). */
  skipped_no_email: number;
};

const inSegment = (audience: AnnouncementAudience) => (guest: GuestRecord): boolean => {
  switch (audience.segment) {
    case 'all': return true;
    case 'attending': return guest.rsvp_status === 'yes';
    case 'not_answered': return guest.rsvp_status === 'pending';
    case 'party': return guest.party_id === audience.party_id;
  }
};

const hasEmail = (guest: GuestRecord): guest is GuestRecord & { email: string } => typeof guest.email === 'string' && guest.email.trim().length > 0;

export function announcementRecipients(guests: readonly GuestRecord[], audience: AnnouncementAudience): AnnouncementRecipients {
  const segment = guests.filter(inSegment(audience));
  const recipients = segment.filter(hasEmail);
  return { recipients, skipped_no_email: segment.length - recipients.length };
}
