import type { EventSort } from '../schemas/events.ts';
import { type DateBound, type EventRecord, type EventStatus, type EventType, withinDateRange } from './event-rules.ts';
import type { Role } from './permissions.ts';

/**
 * Filtering, ordering and paging the caller's events. This runs in memory on purpose: the rows are the
 * events of ONE user's memberships, found through GSI1 (the index), which stay small (tens to hundreds),
 * so every filter and sort is exact without a Scan or an index per sort order. Paging is by the last
 * row's (sort value, id), so pages never skip or repeat a row while the set is unchanged.
 */
export type EventRow = { event: EventRecord; role: Role };

export type EventFilter = {
  status?: EventStatus;
  event_type?: EventType;
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
    (!filter.event_type || event.event_type === filter.event_type) &&
    (filter.organizerId === undefined || event.organizer_id === filter.organizerId) &&
    (!needle || event.name.toLowerCase().includes(needle)) &&
    withinDateRange(event, filter.from, filter.to));
}

export type PagePosition = { value: string | number; id: string };

/** The value a row sorts by: names case-insensitively, counts as numbers, instants as ISO strings. */
export function sortValue(event: EventRecord, sort: EventSort): string | number {
  if (sort === 'name') return event.name.toLowerCase();
  if (sort === 'guest_count') return event.guest_count;
  return event[sort];
}

function comparePositions(a: PagePosition, b: PagePosition): number {
  if (a.value < b.value) return -1;
  if (a.value > b.value) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** One page after `after` (exclusive) in the asked order, and where the next page starts (null at the end). */
export function pageOfEvents(
  rows: EventRow[],
  sort: EventSort,
  order: 'asc' | 'desc',
  limit: number,
  after?: PagePosition,
): { page: EventRow[]; next: PagePosition | null } {
  const direction = order === 'asc' ? 1 : -1;
  const positioned = rows.map((row) => ({ row, position: { value: sortValue(row.event, sort), id: row.event.id } }));
  positioned.sort((a, b) => direction * comparePositions(a.position, b.position));
  const start = after ? positioned.filter(({ position }) => direction * comparePositions(position, after) > 0) : positioned;
  const page = start.slice(0, limit);
  const last = page.at(-1);
  return { page: page.map(({ row }) => row), next: start.length > limit && last ? last.position : null };
}
