import { listEventSubEventInvitations, listSubEvents } from '../../shared/data/sub-events/records.ts';
import { countersOf, recountSubEvents } from '../../shared/domain/sub-events/rules.ts';

/** Every sub-event's stored counters (by title) next to a recount of its invitations: the two must be equal. */
export async function subEventCountersAndRecount(eventId: string) {
  const [subEvents, invitations] = await Promise.all([listSubEvents(eventId), listEventSubEventInvitations(eventId)]);
  const recounted = recountSubEvents(invitations);
  const pick = ({ invited_count, attending_count, attending_headcount, declined_count, waitlisted_count }: ReturnType<typeof countersOf>) => ({ invited_count, attending_count, attending_headcount, declined_count, waitlisted_count });
  return {
    stored: Object.fromEntries(subEvents.map((subEvent) => [subEvent.title, pick(subEvent)])),
    recounted: Object.fromEntries(subEvents.map((subEvent) => [subEvent.title, pick(recounted.get(subEvent.id) ?? countersOf(null))])),
  };
}
