import { decodeCursor, encodeCursor } from '#shared/data/cursor.ts';
import { getEventsByIds } from '#shared/data/events/records.ts';
import { isId } from '#shared/data/ids.ts';
import { getSession, isLive } from '#shared/data/sessions.ts';
import { listActiveMembershipsWithEvents } from '#shared/data/team/members.ts';
import { findUserByUsername } from '#shared/data/users.ts';
import { type EventRow, filterEvents, listedEventOf, type PagePosition, pageOfEvents } from '#shared/domain/events/list.ts';
import { effectivePermissions, type Role } from '#shared/domain/permissions.ts';
import { BadRequestError, UnauthorizedError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { type EventSort, listEventsQuery } from '#shared/schemas/events.ts';
import { presentEventRow } from './present.ts';

/**
 * GET /api/events: the events the caller organizes or is on the team of, in two rounds of calls whatever
 * their number (issue 15): the session check beside the caller's memberships, each with its copy of the
 * event's listed fields, from GSI1 (every page; small items); filters, sort and paging in memory
 * (shared/domain/events/list.ts); then the page's events alone from BatchGetItem, eventually consistent
 * as the index is. A membership without a copy yet is listed from its event, read in a round between.
 * No Scan anywhere.
 */
export const listEvents = operation({
  query: listEventsQuery,
  // Beside, not before, the memberships' Query: nothing is answered until the session is found live.
  session: 'with-first-read',
  handle: async ({ query, caller }) => {
    const after = decodeListCursor(query.cursor, query.sort, query.order);
    const [session, memberships, organizerId] = await Promise.all([
      getSession(caller.sessionId),
      listActiveMembershipsWithEvents(caller.userId),
      resolveOrganizer(query.organizer),
    ]);
    if (!isLive(session) || session.user_id !== caller.userId) throw new UnauthorizedError('The session has ended; sign in again.');
    const memberByEvent = new Map(memberships.map(({ member }) => [member.event_id, member]));
    const read = new Map((await getEventsByIds(memberships.filter(({ listed }) => !listed).map(({ member }) => member.event_id), false)).map((event) => [event.id, event]));
    const rows: EventRow[] = memberships.flatMap(({ member, listed }) => {
      const uncopied = read.get(member.event_id);
      const event = listed ?? (uncopied ? listedEventOf(uncopied) : null);
      return event ? [{ event, role: member.role }] : [];
    });
    const matching = filterEvents(rows, { ...query, organizerId });
    const { page, next } = pageOfEvents(matching, query.sort, query.order, query.limit, after);
    const pageEvents = await getEventsByIds(page.map(({ event }) => event.id).filter((id) => !read.has(id)), false);
    for (const event of pageEvents) read.set(event.id, event);
    const viewerOf = (eventId: string, role: Role) => {
      const member = memberByEvent.get(eventId);
      return { role, permissions: effectivePermissions(role, member?.permissions ?? {}) };
    };
    // An event deleted since its membership was read is left out of the page.
    const shown = page.flatMap(({ event: { id }, role }) => {
      const event = read.get(id);
      return event ? [presentEventRow(event, viewerOf(id, role))] : [];
    });
    return list(shown, {
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
  if (typeof id !== 'string' || !isId(id) || typeof value !== 'string') {
    throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
  }
  return { value, id };
}
