import { getEventAndGuest } from '../guests/reads.ts';
import { notificationPut } from '../notifications.ts';
import { transactIfConditionsHold } from '../transact.ts';
import { notificationExpiry } from '../../domain/notifications/rules.ts';
import { personName, seatingReleasedKind, type SeatRecord, seatsToRelease } from '../../domain/seating/rules.ts';
import { invitationsOfGuest } from '../sub-events/records.ts';
import { seatsOfGuest, vacateSeat } from './tables.ts';

/**
 * A guest who stops attending (or is removed, or has fewer plus-ones, or stops attending a sub-event)
 * gives up the seats they can no longer sit in, and the event's organizer is told in their notification
 * feed. Run by the seating-release consumer of rsvp.changed / rsvp.received / guest.removed, and by the
 * request that changed a guest's sub-event answers or invitations once it has committed; safe to repeat
 * (a second run finds nothing left to release, and the notification's id is the caller's: the domain
 * event's, or the sub-event change's).
 */
export async function releaseSeatsOfGuest(input: { eventId: string; guestId: string; guestName?: string; domainEventId: string; now: Date }): Promise<SeatRecord[]> {
  const released: SeatRecord[] = [];
  let read = await getEventAndGuest(input.eventId, input.guestId);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const seats = await seatsOfGuest(input.eventId, input.guestId);
    if (attempt > 0) read = await getEventAndGuest(input.eventId, input.guestId);
    const { guest } = read;
    // A sub-event's seat follows the answer to that sub-event (read only when such a seat exists).
    const invitations = guest && seats.some((seat) => seat.sub_event_id) ? await invitationsOfGuest(input.eventId, input.guestId) : [];
    const toRelease = seatsToRelease(guest, invitations, seats);
    if (toRelease.length === 0) break;
    const done = await Promise.all(toRelease.map(async (seat) => ((await vacateSeat(input.eventId, seat, 'system:seating', guest ? 'answer_changed' : 'guest_removed')) ? seat : null)));
    released.push(...done.flatMap((seat) => seat ?? []));
    if (done.every(Boolean)) break;
  }
  if (released.length === 0) return released;
  const { event, guest } = read;
  if (!event) return released;
  const name = guest?.name ?? input.guestName ?? 'A guest';
  const who = released.map((seat) => (guest ? personName(guest, seat.slot) : seat.slot === 0 ? name : `${name} +${seat.slot}`));
  await transactIfConditionsHold([notificationPut({
    id: `${input.domainEventId}.${seatingReleasedKind}`,
    user_id: event.organizer_id,
    kind: seatingReleasedKind,
    event_id: event.id,
    event_name: event.name,
    entity_type: 'guest',
    entity_id: input.guestId,
    actor_id: 'system:seating',
    message: `${who.join(', ')} no longer ${who.length > 1 ? 'have seats' : 'has a seat'}: ${guest ? 'the answer changed' : 'removed from the list'}`,
    detail: { guest_id: input.guestId, seats: released.map(({ table_id, seat_number, slot, sub_event_id }) => ({ table_id, seat_number, slot, ...(sub_event_id ? { sub_event_id } : {}) })) },
    created_at: input.now.toISOString(),
    ttl: notificationExpiry(input.now),
  })]);
  return released;
}
