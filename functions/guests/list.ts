import { loadEventAccess, loadEventAccessWithItem } from '#shared/data/events/access.ts';
import { partyFromItem, partyKey, partyMembers } from '#shared/data/parties/records.ts';
import type { Caller } from '#shared/auth/tokens.ts';
import { getDietarySummary, listGuestsByCreation, listGuestsByName } from '#shared/data/guests/reads.ts';
import type { EventRecord } from '#shared/domain/events/rules.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { listGuestsQuery } from '#shared/schemas/guests.ts';
import { presentGuest } from './present.ts';

/**
 * GET /api/events/{id}/guests. Every page is one Query of what it returns (issue 15): in creation order
 * the guest items from the cursor on; by name, or narrowed to an answer or a name prefix, the guest
 * list's index entries (shared/data/guests/reads.ts). The totals and the expected headcount come from
 * the event's counters, exact and free; the dietary summary from the list's statistics item, read with
 * the page.
 */
export const listGuests = operation({
  params: idParam,
  query: listGuestsQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    if (query.party !== undefined) return listPartyMembers(caller, params.id, query.party, query.rsvp_status);
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'read');
    const page = { limit: query.limit, cursor: query.cursor, order: query.order };
    const [listed, dietary] = await Promise.all([
      query.sort === 'name'
        ? listGuestsByName(params.id, { rsvp_status: query.rsvp_status, q: query.q }, page)
        : listGuestsByCreation(params.id, page),
      getDietarySummary(params.id),
    ]);
    return list(listed.guests.map(presentGuest), { next_cursor: listed.nextCursor, ...listTotals(event), dietary_summary: dietary });
  },
});

/**
 * `party=<id>`: the party item joins the access read, then its members by key (one BatchGetItem of at most
 * 12): O(party), whatever the list's size. An id that is no party of this event lists nobody.
 */
async function listPartyMembers(caller: Caller, eventId: string, partyId: string, rsvpStatus: string | undefined) {
  const { event, item } = await loadEventAccessWithItem(caller, eventId, partyKey({ event_id: eventId, id: partyId }), 'guests', 'read');
  const [members, dietary] = await Promise.all([item ? partyMembers(partyFromItem(item)) : [], getDietarySummary(eventId)]);
  const shown = members.filter((member) => member.party_id === partyId && (rsvpStatus === undefined || member.rsvp_status === rsvpStatus));
  return list(shown.map(presentGuest), { next_cursor: null, ...listTotals(event), dietary_summary: dietary });
}

function listTotals(event: EventRecord) {
  return {
    totals: {
      guests: event.guest_count,
      pending: event.rsvp_pending,
      yes: event.rsvp_yes,
      no: event.rsvp_no,
      maybe: event.rsvp_maybe,
      waitlisted: event.rsvp_waitlisted ?? 0,
    },
    expected_headcount: event.attending_headcount,
    capacity: event.capacity ?? null,
  };
}
