import type { EventRecord } from '../../domain/events/rules.ts';
import { eventKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * Every write into an event's collection carries this condition on the event item, in the same
 * transaction, so nothing is written into an event that is gone or being deleted (its purge could
 * otherwise miss an item written after it paged past).
 */
export const LIVE_EVENT_CONDITION = 'attribute_exists(pk) AND attribute_not_exists(deleting_at)';

/** The ConditionCheck for writes that change nothing on the event item itself. */
export const liveEventCheck = (eventId: string): TransactItem => ({
  ConditionCheck: { Key: eventKeys.item(eventId), ConditionExpression: LIVE_EVENT_CONDITION },
});

/**
 * A revision counter on the event item for a part of its plan (`timeline_graph_version`,
 * `checklist_revision`). A write that decided something from a read of that part (no dependency cycle,
 * no duplicate task) bumps it on the condition that it is still the value read, so two such writes cannot
 * both pass on the same stale read. Absent on events created before the part existed: read as 0.
 */
export function revisionOf(event: EventRecord, attribute: 'timeline_graph_version' | 'checklist_revision'): number {
  // The event item carries attributes EventRecord does not list (eventFromItem keeps them all).
  const value = (event as unknown as Record<string, unknown>)[attribute];
  return typeof value === 'number' ? value : 0;
}

/** Condition and SET clause for bumping a revision read as `expected`; names go in the caller's maps. */
export function revisionBump(nameRef: string, expected: number) {
  return {
    condition: expected === 0 ? `attribute_not_exists(${nameRef})` : `${nameRef} = :revisionExpected`,
    set: `${nameRef} = if_not_exists(${nameRef}, :revisionZero) + :revisionOne`,
    values: { ...(expected === 0 ? {} : { ':revisionExpected': expected }), ':revisionZero': 0, ':revisionOne': 1 },
  };
}
