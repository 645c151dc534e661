import { decodeCursor, encodeCursor } from '#shared/data/cursor.ts';
import { getEventsByIds } from '#shared/data/events/records.ts';
import { isId } from '#shared/data/ids.ts';
import { listActiveMembershipsOfUser } from '#shared/data/team/members.ts';
import { findUserByUsername } from '#shared/data/users.ts';
import { type EventRow, filterEvents, type PagePosition, pageOfEvents } from '#shared/domain/events/list.ts';
import { effectivePermissions, type Role } from '#shared/domain/permissions.ts';
import { BadRequestError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { type EventSort, listEventsQuery } from '#shared/schemas/events.ts';
import { presentEventRow } from './present.ts';

/**
 * GET /api/events: the events the caller organizes or is on the team of. Their memberships come from
 * GSI1 (every page), their events from BatchGetItem; filters, sort and paging then run in memory (see
 * shared/domain/events/list.ts for why that is exact and bounded). No Scan anywhere.
 */
export const listEvents = operation({
  query: listEventsQuery,
  handle: async ({ query, caller }) => {
    const after = decodeListCursor(query.cursor, query.sort, query.order);
    const [memberships, organizerId] = await Promise.all([
      listActiveMembershipsOfUser(caller.userId),
      resolveOrganizer(query.organizer),
    ]);
    const memberByEvent = new Map(memberships.map((member) => [member.event_id, member]));
    const events = await getEventsByIds([...memberByEvent.keys()]);
    const rows: EventRow[] = events.flatMap((event) => {
      const member = memberByEvent.get(event.id);
      return member ? [{ event, role: member.role }] : [];
    });
    const matching = filterEvents(rows, { ...query, organizerId });
    const { page, next } = pageOfEvents(matching, query.sort, query.order, query.limit, after);
    const viewerOf = (eventId: string, role: Role) => {
      const member = memberByEvent.get(eventId);
      return { role, permissions: effectivePermissions(role, member?.permissions ?? {}) };
    };
    return list(page.map(({ event, role }) => presentEventRow(event, viewerOf(event.id, role))), {
      next_cursor: next ? encodeCursor({ o: cursorOrder(query.sort, query.order), v: next.value, id: next.id }) : null,
      total: matching.length,
    });
  },
});

/** `organizer` is a user id or a username; an unknown username matches nobody (null). */
async function resolveOrganizer(organizer: string | undefined): Promise<string | null | undefined> {
  if (organizer === undefined) return undefined;
  if (isId(organizer)) return organizer;
  return (await findUserByUsername(organizer))?.id ?? null;
}

const cursorOrder = (sort: EventSort, order: string) => `${sort}:${order}`;

/** A cursor is only valid for the sort it was issued for, and must carry a well-formed position. */
function decodeListCursor(cursor: string | undefined, sort: EventSort, order: string): PagePosition | undefined {
  const decoded = decodeCursor(cursor, { o: cursorOrder(sort, order) });
  if (!decoded) return undefined;
  const { v: value, id } = decoded;
  const valueFits = sort === 'guest_count' ? typeof value === 'number' : typeof value === 'string';
  if (typeof id !== 'string' || !isId(id) || !valueFits || value === undefined) {
    throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
  }
  return { value, id };
}
