/**
 * Paging a list sorted in memory: each row has a position (its sort value, then its id to break ties),
 * and a page starts strictly after the last row of the previous one, so pages never skip or repeat a
 * row while the set is unchanged. Used by the events list and the guest list.
 */
// @ts-nocheck

export type PagePosition = { value: string | number; id: string };

export function comparePositions(a: PagePosition, b: PagePosition): number {
  if (a.value < b.value) return -1;
  if (a.value > b.value) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** One page after `after` (exclusive) in the asked order, and where the next page starts (null at the end). */
export function pageByPosition<T>(
  rows: T[],
  positionOf: (row: T) => PagePosition,
  order: 'asc' | 'desc',
  limit: number,
  after: PagePosition | undefined,
): { page: T[]; next: PagePosition | null } {
  const direction = order === 'asc' ? 1 : -1;
  const positioned = rows.map((row) => ({ row, position: positionOf(row) }));
  positioned.sort((a, b) => direction * comparePositions(a.position, b.position));
  const start = after ? positioned.filter(({ position }) => direction * comparePositions(position, after) > 0) : positioned;
  const page = start.slice(0, limit);
  const last = page.at(-1);
  return { page: page.map(({ row }) => row), next: start.length > limit && last ? last.position : null };
}
