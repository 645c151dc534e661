import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { rsvpUrl } from '#shared/pages/links.ts';

/** How the API shows a guest to the planning team: model names, absent optional fields as null, never the code hash. */
export function presentGuest(guest: GuestRecord) {
  return {
    id: guest.id,
    event_id: guest.event_id,
    name: guest.name,
    email: guest.email ?? null,
    phone: guest.phone ?? null,
    dietary_restrictions: guest.dietary_restrictions,
    special_needs: guest.special_needs ?? null,
    plus_one_allowed: guest.plus_one_allowed,
    plus_one_limit: guest.plus_one_limit,
    plus_one_count: guest.plus_one_count,
    party_name: guest.party_name ?? null,
    party_id: guest.party_id ?? null,
    plus_ones: guest.plus_ones ?? [],
    notes: guest.notes ?? null,
    language: guest.language ?? null,
    rsvp_status: guest.rsvp_status,
    rsvp_date: guest.rsvp_date ?? null,
    rsvp_note: guest.rsvp_note ?? null,
    answers: guest.answers ?? {},
    waitlisted_at: guest.waitlisted_at ?? null,
    invited_at: guest.invited_at ?? null,
    opened_at: guest.opened_at ?? null,
    // The original spec's booleans, next to the dates they stand for.
    invitation_sent: guest.invited_at !== undefined,
    invitation_opened: guest.opened_at !== undefined,
    created_at: guest.created_at,
    updated_at: guest.updated_at,
    version: guest.version,
  };
}

/** A guest with its invitation code and link: shown once, when the code is made (the table keeps only its hash). */
export const presentWithInvitation = (guest: GuestRecord, code: string) => ({
  ...presentGuest(guest),
  invitation_code: code,
  rsvp_url: rsvpUrl(code),
});
