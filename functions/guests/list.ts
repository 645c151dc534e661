import { decodeCursor, encodeCursor } from '#shared/data/cursor.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { getDietarySummary, listAllGuests, listGuestsByCreation } from '#shared/data/guests/reads.ts';
import type { EventRecord } from '#shared/domain/events/rules.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { type PagePosition, pageByPosition } from '#shared/domain/page-position.ts';
import { BadRequestError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { type GuestSort, type ListGuestsQuery, listGuestsQuery } from '#shared/schemas/guests.ts';
import { presentGuest } from './present.ts';

/**
 * GET /api/events/{id}/guests. In creation order (the default) a page is a Query of the guest items from
 * the cursor on, filtered by DynamoDB, so a page costs what it returns whatever the list's size. Sorted
 * by name or answer date, the event's guests are read and sorted in memory (bounded by one event's list).
 * The totals and the expected headcount come from the event's counters, exact and free; the dietary
 * summary from the list's statistics item.
 */
export const listGuests = operation({
  params: idParam,
  query: listGuestsQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'read');
    const filter = { rsvp_status: query.rsvp_status, q: query.q, invited: query.invited, dietary: query.dietary };
    const [page, dietary] = await Promise.all([
      query.sort === 'created_at'
        ? listGuestsByCreation(params.id, filter, { limit: query.limit, cursor: query.cursor, order: query.order })
        : sortedPage(params.id, filter, query),
      getDietarySummary(params.id),
    ]);
    return list(page.guests.map(presentGuest), { next_cursor: page.nextCursor, ...listTotals(event), dietary_summary: dietary });
  },
});

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

/** Guests without an answer date sort after every answered guest (ascending). */
const sortValue = (guest: GuestRecord, sort: Exclude<GuestSort, 'created_at'>): string =>
  sort === 'name' ? guest.name.toLowerCase() : guest.rsvp_date ?? '\uffff';

async function sortedPage(eventId: string, filter: Parameters<typeof listAllGuests>[1], query: ListGuestsQuery) {
  const sort = query.sort as Exclude<GuestSort, 'created_at'>;
  const order = `${sort}:${query.order}`;
  const after = decodePosition(query.cursor, order);
  const guests = await listAllGuests(eventId, filter);
  const { page, next } = pageByPosition(guests, (guest) => ({ value: sortValue(guest, sort), id: guest.id }), query.order, query.limit, after);
  return { guests: page, nextCursor: next ? encodeCursor({ o: order, v: next.value, id: next.id }) : null };
}

function decodePosition(cursor: string | undefined, order: string): PagePosition | undefined {
  const decoded = decodeCursor(cursor, { o: order });
  if (!decoded) return undefined;
  if (typeof decoded.v !== 'string' || typeof decoded.id !== 'string') {
    throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
  }
  return { value: decoded.v, id: decoded.id };
}
