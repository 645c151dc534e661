import type { GuestRecord } from '../guests/rules.ts';

/**
 * Who a new invitation batch goes to. Guests without an email cannot be mailed and are never chosen.
 * - guest_ids: those guests (already-invited ones only with `resend`);
 * - audience: a reminder segment over the list;
 * - neither: every guest not yet invited.
 */
export const audienceSegments = ['pending', 'not_opened', 'opened_no_reply', 'attending', 'maybe'] as const;
export type AudienceSegment = (typeof audienceSegments)[number];

export type Selection = { guest_ids?: string[]; audience?: AudienceSegment; resend: boolean };

const inSegment: Record<AudienceSegment, (guest: GuestRecord) => boolean> = {
  pending: (guest) => guest.rsvp_status === 'pending',
  // An answer (given by the guest or entered by a planner) says the invitation reached them, opened or not.
  not_opened: (guest) => Boolean(guest.invited_at) && !guest.opened_at && guest.rsvp_status === 'pending',
  opened_no_reply: (guest) => Boolean(guest.opened_at) && guest.rsvp_status === 'pending',
  attending: (guest) => guest.rsvp_status === 'yes',
  maybe: (guest) => guest.rsvp_status === 'maybe',
};

export type Chosen = { guests: GuestRecord[]; skipped: Array<{ guest_id: string; reason: 'not_found' | 'no_email' | 'already_invited' }> };

export function chooseRecipients(guests: GuestRecord[], selection: Selection): Chosen {
  const skipped: Chosen['skipped'] = [];
  if (selection.guest_ids) {
    const byId = new Map(guests.map((guest) => [guest.id, guest]));
    const chosen: GuestRecord[] = [];
    for (const id of new Set(selection.guest_ids)) {
      const guest = byId.get(id);
      if (!guest) skipped.push({ guest_id: id, reason: 'not_found' });
      else if (!guest.email) skipped.push({ guest_id: id, reason: 'no_email' });
      else if (guest.invited_at && !selection.resend) skipped.push({ guest_id: id, reason: 'already_invited' });
      else chosen.push(guest);
    }
    return { guests: chosen, skipped };
  }
  const withEmail = guests.filter((guest) => guest.email);
  if (selection.audience) return { guests: withEmail.filter(inSegment[selection.audience]), skipped };
  return { guests: withEmail.filter((guest) => selection.resend || !guest.invited_at), skipped };
}
