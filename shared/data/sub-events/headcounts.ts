import type { EventRecord } from '../../domain/events/rules.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import { type HeadcountChange, planHeadcountChange, seatChangesByGuest } from '../../domain/sub-events/headcounts.ts';
import type { FieldChange } from '../audit.ts';
import type { SubEventRecord } from '../../domain/sub-events/rules.ts';
import { ConflictError } from '../../http/errors.ts';
import type { TransactItem } from '../transact.ts';
import { afterInvitationChanges } from './invitations.ts';
import { invitationChangeItems, invitationsOfGuest, listSubEvents } from './records.ts';

/**
 * The sub-event seats of guests whose plus-ones change (docs/sub-events.md, "Plus-ones that change"),
 * written in the SAME transaction as the guests' change: each invitation over the version read, each
 * sub-event's counters by ADD under its seat guard. So the seats held always follow the plus-ones, and
 * the counters equal a recount however many changes race; a lost race fails the transaction and the
 * caller reads and plans again, as for any other change of the guest.
 */
export type SeatsFollow =
  | { outcome: 'none' }
  /** These sub-events cannot seat the larger party: the change is refused (409 capacity_exceeded naming them). */
  | { outcome: 'full'; subEventTitles: string[] }
  | { outcome: 'change'; items: TransactItem[]; changes: HeadcountChange[]; subEvents: SubEventRecord[] };

/** A sub-event's answer and the change of its guest, by guest as they are before and after the change. */
export type PlusOneMove = { before: Pick<GuestRecord, 'id' | 'plus_one_count'>; after: Pick<GuestRecord, 'plus_one_count'>; declining?: ReadonlySet<string> };

/** The sub-events an answer declines (`sub_events` with `no`): their seats are not grown. */
export const declinedIn = (subEvents: Record<string, string> | undefined): Set<string> =>
  new Set(Object.entries(subEvents ?? {}).flatMap(([id, answer]) => (answer === 'no' ? [id] : [])));

/**
 * Reads what the moves touch (none when the event has no sub-events or no plus-ones move; else the
 * sub-events and one Query per moved guest) and plans the items. `maxItems`: what the caller's
 * transaction leaves free (409 change_too_large beyond it).
 */
export async function seatsFollowingPlusOnes(event: EventRecord, moves: PlusOneMove[], maxItems: number): Promise<SeatsFollow> {
  const moved = moves.filter((move) => move.before.plus_one_count !== move.after.plus_one_count);
  if ((event.sub_event_count ?? 0) === 0 || moved.length === 0) return { outcome: 'none' };
  const [subEvents, invitations] = await Promise.all([listSubEvents(event.id), Promise.all(moved.map((move) => invitationsOfGuest(event.id, move.before.id)))]);
  const byId = new Map(subEvents.map((subEvent) => [subEvent.id, subEvent]));
  const added = new Map<string, number>();
  const changes: HeadcountChange[] = [];
  const full = new Set<string>();
  moved.forEach((move, index) => {
    const plan = planHeadcountChange(invitations[index] ?? [], byId, 1 + move.after.plus_one_count, added, move.declining);
    if (plan.outcome === 'full') plan.subEventIds.forEach((id) => full.add(id));
    else changes.push(...plan.changes);
  });
  if (full.size > 0) return { outcome: 'full', subEventTitles: subEvents.filter((subEvent) => full.has(subEvent.id)).map((subEvent) => subEvent.title) };
  if (changes.length === 0) return { outcome: 'none' };
  const follow: SeatsFollow = { outcome: 'change', items: invitationChangeItems(event.id, changes), changes, subEvents };
  assertSeatsFit(follow, maxItems);
  return follow;
}

/** 409 change_too_large when the seat changes take more items than the caller's transaction leaves free. */
export function assertSeatsFit(follow: SeatsFollow, maxItems: number): void {
  if (follow.outcome === 'change' && follow.items.length > maxItems) {
    throw new ConflictError('change_too_large', `This change moves the seats of ${follow.changes.length} sub-event answers, more than one transaction holds: change fewer guests at once.`);
  }
}

/** The guests' audit changes for seats that follow (none when nothing moves): `sub_event_headcounts` before and after, by guest id. */
export const seatChangesOf = (follow: SeatsFollow): Map<string, FieldChange> =>
  (follow.outcome === 'change' ? seatChangesByGuest(follow.changes, follow.subEvents) : new Map());

/** The audit changes of one guest's seats that follow, as a list to add to their entry's changes. */
export const seatChangesOfGuest = (follow: SeatsFollow, guestId: string): FieldChange[] => {
  const change = seatChangesOf(follow).get(guestId);
  return change ? [change] : [];
};

/** After the change committed: the waitlists of sub-events with fewer seats taken move, and seats at their tables are freed. */
export async function afterSeatsFollowed(eventId: string, follow: SeatsFollow, now: Date): Promise<void> {
  if (follow.outcome !== 'change') return;
  await afterInvitationChanges(eventId, follow.changes, follow.subEvents, now.toISOString());
}
