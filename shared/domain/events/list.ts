import type { EventSort } from '../../schemas/events.ts';
import { type DateBound, type EventRecord, type EventStatus, withinDateRange } from './rules.ts';
import { type PagePosition, pageByPosition } from '../page-position.ts';
import type { Role } from '../permissions.ts';

/**
 * Filtering, ordering and paging the caller's events. This runs in memory on purpose: the rows are ONE
 * user's memberships, found through GSI1, each with a copy of its event's listed fields (issue 15: a few
 * hundred bytes, so even 200 of them cost less to read than a page of the events themselves), so every
 * filter and sort is exact without a Scan or an index per sort order; only the page's events are read
 * whole. Paging is by the last row's (sort value, id), so pages never skip or repeat a row while the set
 * is unchanged. The guest count is not a listed field (every guest added or answering would rewrite
 * every member's copy), so the list does not sort by it.
 */
export type ListedEvent = Pick<EventRecord, 'id' | 'name' | 'event_date' | 'timezone' | 'status' | 'event_type' | 'organizer_id' | 'created_at' | 'version'>;

/** The fields of an event that can change and are listed: a change of one rewrites the members' copies. */
export const changeableListedFields = ['name', 'event_date', 'timezone', 'status', 'event_type', 'organizer_id'] as const;

export const listedEventOf = (event: ListedEvent): ListedEvent => ({
  id: event.id,
  name: event.name,
  event_date: event.event_date,
  timezone: event.timezone,
  status: event.status,
  event_type: event.event_type,
  organizer_id: event.organizer_id,
  created_at: event.created_at,
  version: event.version,
});

/** Whether a change to these fields alters the listed copy. */
export const changesListedFields = (fields: readonly string[]): boolean =>
  fields.some((field) => (changeableListedFields as readonly string[]).includes(field));

export type EventRow = { event: ListedEvent; role: Role };

export type EventFilter = {
  status?: EventStatus;
  event_type?: string;
  /** The organizer's user id; null when an organizer was asked for who does not exist (no rows). */
  organizerId?: string | null;
  from?: DateBound;
  to?: DateBound;
  q?: string;
};

export function filterEvents(rows: EventRow[], filter: EventFilter): EventRow[] {
  const needle = filter.q?.toLowerCase();
  return rows.filter(({ event }) =>
    (!filter.status || event.status === filter.status) &&
    (!filter.event_type || event.event_type.toLowerCase() === filter.event_type.toLowerCase()) &&
    (filter.organizerId === undefined || event.organizer_id === filter.organizerId) &&
    (!needle || event.name.toLowerCase().includes(needle)) &&
    withinDateRange(event, filter.from, filter.to));
}

export type { PagePosition };

/** The value a row sorts by: names case-insensitively, instants as ISO strings. */
export function sortValue(event: ListedEvent, sort: EventSort): string {
  if (sort === 'name') return event.name.toLowerCase();
  return event[sort];
}

/** One page after `after` (exclusive) in the asked order, and where the next page starts (null at the end). */
export function pageOfEvents(
  rows: EventRow[],
  sort: EventSort,
  order: 'asc' | 'desc',
  limit: number,
  after?: PagePosition,
): { page: EventRow[]; next: PagePosition | null } {
  return pageByPosition(rows, (row) => ({ value: sortValue(row.event, sort), id: row.event.id }), order, limit, after);
}
