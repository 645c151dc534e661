import type { EventRecord } from '../../domain/events/rules.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import { notificationExpiry } from '../../domain/notifications/rules.ts';
import { personName, seatingReleasedKind, type SeatRecord } from '../../domain/seating/rules.ts';
import { seatingKeys } from '../keys.ts';
import { notificationPut } from '../notifications.ts';
import type { TransactItem } from '../transact.ts';
import { leaveSeatWrites, seatsOfGuest, tableCountDown } from './tables.ts';

/**
 * A planner's edit that lowers a guest's `plus_one_count` frees the seats of the dropped plus-ones at the
 * event's tables IN the edit's transaction (docs/seating.md, "Fewer plus-ones"): for each dropped slot,
 * the seat read is left (conditioned on the plus-one still sitting there), or, when none was read, the
 * slot's SEATOF item must still be absent, so a seat given to that plus-one meanwhile fails the edit
 * (the caller answers 409 and the planner reads again) instead of outliving it. The organizer's
 * notification is written with them, once per guest version. A sub-event's seats follow that sub-event's
 * answer, not this edit (docs/sub-events.md, "What is left").
 */
export async function droppedPlusOneSeats(eventId: string, before: GuestRecord, after: GuestRecord): Promise<SeatRecord[]> {
  if (after.plus_one_count >= before.plus_one_count) return [];
  return (await seatsOfGuest(eventId, before.id)).filter((seat) => !seat.sub_event_id && seat.slot > after.plus_one_count);
}

export function droppedPlusOneWrites(event: Pick<EventRecord, 'id' | 'name' | 'organizer_id'>, before: GuestRecord, after: GuestRecord, seats: SeatRecord[], now: Date): TransactItem[] {
  if (after.plus_one_count >= before.plus_one_count) return [];
  const held = new Map(seats.map((seat) => [seat.slot, seat]));
  const writes: TransactItem[] = [];
  const leaving = new Map<string, number>();
  for (let slot = after.plus_one_count + 1; slot <= before.plus_one_count; slot += 1) {
    const seat = held.get(slot);
    if (seat) leaving.set(seat.table_id, (leaving.get(seat.table_id) ?? 0) + 1);
    writes.push(...(seat
      ? leaveSeatWrites(event.id, seat, false)
      : [{ ConditionCheck: { Key: seatingKeys.seatOf(event.id, before.id, slot), ConditionExpression: 'attribute_not_exists(pk)' } }]));
  }
  // One count per table (a transaction touches an item once).
  for (const [tableId, count] of leaving) writes.push(tableCountDown(event.id, tableId, count));
  if (seats.length === 0) return writes;
  const who = seats.map((seat) => personName(before, seat.slot));
  writes.push(notificationPut({
    id: `guest.${before.id}.${before.version}.${seatingReleasedKind}`,
    user_id: event.organizer_id,
    kind: seatingReleasedKind,
    event_id: event.id,
    event_name: event.name,
    entity_type: 'guest',
    entity_id: before.id,
    actor_id: 'system:seating',
    message: `${who.join(', ')} no longer ${who.length > 1 ? 'have seats' : 'has a seat'}: fewer plus-ones`,
    detail: { guest_id: before.id, seats: seats.map(({ table_id, seat_number, slot }) => ({ table_id, seat_number, slot })) },
    created_at: now.toISOString(),
    ttl: notificationExpiry(now),
  }));
  return writes;
}
