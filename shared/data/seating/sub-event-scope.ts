import type { SubEventRecord } from '../../domain/sub-events/rules.ts';
import { batchGetAll } from '../collection.ts';
import { guestKey } from '../guests/reads.ts';
import { listEventSubEventInvitations, listSubEvents } from '../sub-events/records.ts';
import type { SeatableGuest } from './tables.ts';

/**
 * The people who may sit at one sub-event's tables (docs/seating.md, "Per sub-event"): the guests whose
 * answer to it is yes, each with the plus-ones that answer holds (`headcount − 1`, whatever their answer
 * to the event). S10: the sub-events (SE1), the event's invitations (SE6) filtered to this sub-event's
 * yes, then those guests by key (BatchGetItem, strong). null when the event has no such sub-event.
 */
export async function subEventSeatables(eventId: string, subEventId: string): Promise<{ subEvent: SubEventRecord; guests: SeatableGuest[] } | null> {
  const [subEvents, invitations] = await Promise.all([listSubEvents(eventId), listEventSubEventInvitations(eventId)]);
  const subEvent = subEvents.find((candidate) => candidate.id === subEventId);
  if (!subEvent) return null;
  const attending = new Map(invitations.filter((invitation) => invitation.sub_event_id === subEventId && invitation.status === 'yes').map((invitation) => [invitation.guest_id, invitation.headcount]));
  const items = attending.size ? await batchGetAll([...attending.keys()].map((id) => guestKey({ event_id: eventId, id }))) : [];
  const guests = items.map((item): SeatableGuest => ({
    id: String(item.id), name: String(item.name), plus_one_count: Math.max(0, (attending.get(String(item.id)) ?? 1) - 1), rsvp_status: 'yes',
    ...(item.plus_ones ? { plus_ones: item.plus_ones as SeatableGuest['plus_ones'] } : {}),
    ...(item.party_id ? { party_id: String(item.party_id) } : {}),
  }));
  // The guest-list order the proposal's ties follow (batchGetAll answers in no set order).
  return { subEvent, guests: guests.sort((a, b) => a.id.localeCompare(b.id)) };
}
