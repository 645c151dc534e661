import type { EventSort } from '../../schemas/events.ts';
import { type DateBound, type EventRecord, type EventStatus, withinDateRange } from './rules.ts';
import { type PagePosition, pageByPosition } from '../page-position.ts';
import type { Role } from '../permissions.ts';

/**
 * Filtering, ordering and paging the caller's events. This runs in memory on purpose: the rows are the
 * events of ONE user's memberships, found through GSI1 (the index), which stay small (tens to hundreds),
 * so every filter and sort is exact without a Scan or an index per sort order. Paging is by the last
 * row's (sort value, id), so pages never skip or repeat a row while the set is unchanged.
 */
export type EventRow = { event: EventRecord; role: Role };

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

/** The value a row sorts by: names case-insensitively, counts as numbers, instants as ISO strings. */
export function sortValue(event: EventRecord, sort: EventSort): string | number {
  if (sort === 'name') return event.name.toLowerCase();
  if (sort === 'guest_count') return event.guest_count;
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
