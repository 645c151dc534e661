import type { GuestRecord } from '../guests/rules.ts';
import type { SeatRecord } from '../seating/rules.ts';
import type { SubEventInvitation } from '../sub-events/rules.ts';

/**
 * Who an announcement goes to (issue 18, docs/announcements.md): a segment of the guest list, chosen when
 * the planner sends it. Guests without an email cannot be mailed: they are left out and counted, so the
 * planner sees how many the message did not reach. Pure rules only.
 * - `all`: every guest on the list;
 * - `attending`: guests who answered yes (a waitlisted guest has no seat yet, so is not attending);
 * - `not_answered`: guests whose answer is still pending;
 * - `party`: the members of one party (household);
 * - `sub_event`: the guests invited to one sub-event, whatever their answer to it; with `attending_only`,
 *   those whose answer to it is yes (waitlisted, declined and unanswered left out);
 * - `table`: the guests seated at one table themselves (a guest whose plus-one sits there but who sits
 *   elsewhere is not of it: they are told at their own table).
 */
export const announcementSegments = ['all', 'attending', 'not_answered', 'party', 'sub_event', 'table'] as const;
export type AnnouncementSegment = (typeof announcementSegments)[number];

export type AnnouncementAudience =
  | { segment: Exclude<AnnouncementSegment, 'party' | 'sub_event' | 'table'> }
  | { segment: 'party'; party_id: string }
  | { segment: 'sub_event'; sub_event_id: string; attending_only: boolean }
  | { segment: 'table'; table_id: string };

/**
 * What a segment needs besides the guest list, read by the caller: the sub-event's invitations (any of the
 * event's may be given; only the segment's sub-event counts) and the table's seats.
 */
export type AudienceContext = { subEventInvitations?: readonly SubEventInvitation[]; seats?: readonly SeatRecord[] };

export type AnnouncementRecipients = {
  /** The guests in the segment who have an email, in the list's order: one email each. */
  recipients: Array<GuestRecord & { email: string }>;
  /** How many guests of the segment have no email (left out). */
  skipped_no_email: number;
};

function segmentGuestIds(audience: AnnouncementAudience, context: AudienceContext): Set<string> | null {
  if (audience.segment === 'sub_event') {
    return new Set((context.subEventInvitations ?? [])
      .filter((invitation) => invitation.sub_event_id === audience.sub_event_id && (!audience.attending_only || invitation.status === 'yes'))
      .map((invitation) => invitation.guest_id));
  }
  if (audience.segment === 'table') {
    // The guest's own seat is slot 0; a plus-one's seat names the guest who brings them.
    return new Set((context.seats ?? []).filter((seat) => seat.table_id === audience.table_id && seat.slot === 0).map((seat) => seat.guest_id));
  }
  return null;
}

const inSegment = (audience: AnnouncementAudience, members: Set<string> | null) => (guest: GuestRecord): boolean => {
  switch (audience.segment) {
    case 'all': return true;
    case 'attending': return guest.rsvp_status === 'yes';
    case 'not_answered': return guest.rsvp_status === 'pending';
    case 'party': return guest.party_id === audience.party_id;
    case 'sub_event':
    case 'table': return members?.has(guest.id) ?? false;
  }
};

const hasEmail = (guest: GuestRecord): guest is GuestRecord & { email: string } => typeof guest.email === 'string' && guest.email.trim().length > 0;

export function announcementRecipients(guests: readonly GuestRecord[], audience: AnnouncementAudience, context: AudienceContext = {}): AnnouncementRecipients {
  const segment = guests.filter(inSegment(audience, segmentGuestIds(audience, context)));
  const recipients = segment.filter(hasEmail);
  return { recipients, skipped_no_email: segment.length - recipients.length };
}

/** The segment's own id as the announcement records and answers it (`party_id`, `sub_event_id`, `table_id`). */
export function segmentDetails(audience: AnnouncementAudience): Record<string, string | boolean> {
  switch (audience.segment) {
    case 'party': return { party_id: audience.party_id };
    case 'sub_event': return { sub_event_id: audience.sub_event_id, attending_only: audience.attending_only };
    case 'table': return { table_id: audience.table_id };
    default: return {};
  }
}

/**
 * Why a recorded recipient of an announcement is no longer written to (docs/announcements.md, "Guests
 * removed or purged meanwhile"), or null to send: the guest was removed from the list since it was
 * recorded (`guest_removed`), or their personal data was purged since (`guest_purged`: anonymised after it
 * was recorded, or its recorded address already redacted by the purge). A guest purged before it was
 * recorded and given an address again since is of the list as it was then, and is written to.
 */
export type WithheldReason = 'guest_removed' | 'guest_purged';

export function withheldReason(recorded: { email?: string }, live: Pick<GuestRecord, 'id'> & { anonymised_at?: string } | undefined, recordedAt: string): WithheldReason | null {
  if (!recorded.email) return 'guest_purged';
  if (!live) return 'guest_removed';
  return live.anonymised_at !== undefined && live.anonymised_at >= recordedAt ? 'guest_purged' : null;
}
