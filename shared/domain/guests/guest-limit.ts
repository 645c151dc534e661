/**
 * The cap on guests per event (MAX_GUESTS_PER_EVENT): a list no planner needs, bounded so one account
 * cannot grow an event without end (storage, list reads, invitation batches). The event's `guest_count`
 * never drifts from a recount, so the cap is a condition on it in the same transaction that adds.
 */

/** How many more guests an event with `guestCount` may take under `limit` (never below 0). */
export const guestRoom = (guestCount: number, limit: number): number => Math.max(0, limit - guestCount);

/** The largest stored `guest_count` that still leaves room for `adding` more: the write's condition. */
export const maxGuestCountBefore = (limit: number, adding: number): number => limit - adding;

/** The caller's explanation of a refused add. */
export function guestLimitDetail(limit: number, guestCount: number, adding: number): string {
  const room = guestRoom(guestCount, limit);
  return `An event may have at most ${limit} guests; this one has ${guestCount}, so ${room} more can be added and this request adds ${adding}.`;
}
