/**
 * Seating (issue 18, docs/seating.md): tables per event, seats numbered 1..seats, and the people who sit
 * in them. A seatable person is an attending guest (slot 0) or one of their plus-ones (slot 1..n, the
 * plus-one's position in the guest's `plus_ones` + 1; an unnamed plus-one is "<guest> +n").
 */
export const tableShapes = ['round', 'rectangle', 'square', 'oval', 'other'] as const;
export type TableShape = (typeof tableShapes)[number];

/** Most seats at one table: a table's rename rewrites its occupants' seat records in one transaction. */
export const MAX_TABLE_SEATS = 40;
/** Most tables of an event: the seating is read whole (tables and seats) for the chart and the proposal. */
export const MAX_TABLES = 200;
/** Most constraints of an event, and most guests one constraint names. */
export const MAX_CONSTRAINTS = 200;
export const MAX_CONSTRAINT_GUESTS = 20;

export type TableRecord = {
  id: string;
  event_id: string;
  name: string;
  shape: TableShape;
  seats: number;
  /** How many of its seats are taken: moved in the same transaction as each seat, equal to a recount. */
  seated_count: number;
  /** A sub-event's table (docs/seating.md, "Per sub-event"): only people attending that sub-event sit here. */
  sub_event_id?: string;
  created_at: string;
  updated_at: string;
  version: number;
};

/** Who sits in a seat: a guest (slot 0) or their plus-one number `slot`. */
export type Person = { guest_id: string; slot: number };
/** `sub_event_id`: the seat is at a sub-event's table (a person holds at most one seat per sub-event and one at the event's tables). */
export type SeatRecord = Person & { table_id: string; seat_number: number; sub_event_id?: string };

export type ConstraintKind = 'together' | 'apart';
export type SeatingConstraint = { kind: ConstraintKind; guest_ids: string[] };

export const personKey = (person: Person): string => `${person.guest_id}#${person.slot}`;

/** The name printed for a person: the guest's, a named plus-one's, or "<guest> +n". */
export function personName(guest: { name: string; plus_ones?: { name: string }[] }, slot: number): string {
  if (slot === 0) return guest.name;
  return guest.plus_ones?.[slot - 1]?.name ?? `${guest.name} +${slot}`;
}

/** Whether a guest's answer lets this slot sit: the guest attends and has at least `slot` plus-ones. */
export const canSit = (guest: { rsvp_status: string; plus_one_count: number }, slot: number): boolean =>
  guest.rsvp_status === 'yes' && slot <= guest.plus_one_count;

/** The slots of a guest that must leave their seats after a change to the guest (or its removal: null). */
export function slotsToRelease(guest: { rsvp_status: string; plus_one_count: number } | null, seatedSlots: number[]): number[] {
  return seatedSlots.filter((slot) => guest === null || !canSit(guest, slot));
}

/**
 * Whether a guest's sub-event invitation lets this slot sit at that sub-event's tables: they said yes to
 * it, and it holds a seat for this slot (its `headcount` is the guest and the plus-ones of their answer).
 */
export const canSitAtSubEvent = (invitation: { status: string; headcount: number } | null | undefined, slot: number): boolean =>
  invitation?.status === 'yes' && slot < invitation.headcount;

/** Whether a change of a sub-event invitation can take seats at its tables away: it was yes, and is no longer, or holds fewer seats. */
export const leavesSubEventSeats = (before: { status: string; headcount: number }, after: { status: string; headcount: number } | null): boolean =>
  before.status === 'yes' && (after?.status !== 'yes' || after.headcount < before.headcount);

/**
 * The seats a guest must give up: at the event's tables by their answer to the event (canSit), at a
 * sub-event's tables by their answer to that sub-event (canSitAtSubEvent); all of them once removed (null).
 */
export function seatsToRelease<S extends SeatRecord>(
  guest: { rsvp_status: string; plus_one_count: number } | null,
  invitations: { sub_event_id: string; status: string; headcount: number }[],
  seats: S[],
): S[] {
  const bySubEvent = new Map(invitations.map((invitation) => [invitation.sub_event_id, invitation]));
  return seats.filter((seat) => guest === null
    || (seat.sub_event_id ? !canSitAtSubEvent(bySubEvent.get(seat.sub_event_id), seat.slot) : !canSit(guest, seat.slot)));
}

/** The kind of the planner's notification when a guest's seats are given up after their answer changed. */
export const seatingReleasedKind = 'seating.released';
