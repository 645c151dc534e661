import { getEventsByIds } from './records.ts';

/**
 * The data side of the collection caps (shared/domain/collections/caps.ts): the condition an add puts on
 * the event's count, and, when a transaction with it was cancelled, whether the cap was the reason.
 */

/** The count is at most `maxRef` before the add (an event without the count has none of the items). */
export const underCapCondition = (counter: string, maxRef: string): string => `(attribute_not_exists(${counter}) OR ${counter} <= ${maxRef})`;

/** After a cancelled add: the event is live and its count (read strongly) leaves no room, so the cap refused it. */
export async function countPastCap(eventId: string, counter: string, maxBefore: number): Promise<boolean> {
  const [event] = await getEventsByIds([eventId]);
  if (!event || event.deleting_at) return false;
  const count = (event as unknown as Record<string, unknown>)[counter];
  return typeof count === 'number' && count > maxBefore;
}
