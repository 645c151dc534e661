import { diffFields, type FieldChange } from '../../data/audit.ts';
import type { EventRecord } from '../events/rules.ts';
import { type GuestRecord, headcountOf } from '../guests/rules.ts';
import type { SeatNeed } from '../rsvp/rules.ts';
import type { PartyRecord } from './rules.ts';

/**
 * Whole-party promotion from the waitlist (docs/parties.md, "Promotion"): a `whole_party` party's answer
 * that waited as one decision (its members waitlisted at the same instant) leaves the waitlist as one
 * decision too: when its head reaches the front, all of those members are seated together once all their
 * seats fit, and until then nobody behind them overtakes (the queue is strict, as for a single guest).
 * An `as_many_as_fit` party's members, and a member who joined the waitlist alone, are promoted one by one.
 */

/** The waiting members promoted with the head of the queue: itself alone, or its party's same decision. */
export function waitingTogether(party: Pick<PartyRecord, 'seating' | 'member_ids'> | null, members: GuestRecord[], head: GuestRecord): GuestRecord[] {
  if (!party || party.seating !== 'whole_party' || !head.waitlisted_at || !party.member_ids.includes(head.id)) return [head];
  const together = members.filter((member) => member.party_id === head.party_id && member.rsvp_status === 'waitlisted' && member.waitlisted_at === head.waitlisted_at);
  return together.some((member) => member.id === head.id) ? together : [head];
}

export type MemberPromotion = { before: GuestRecord; after: GuestRecord; changes: FieldChange[] };

/** Every member seated (yes) at once when their summed seats fit, under one seat guard; else null (they keep waiting). */
export function planGroupPromotion(event: EventRecord, group: GuestRecord[], now: Date): { members: MemberPromotion[]; seatGuard: SeatNeed } | null {
  if (group.length === 0 || group.some((member) => member.rsvp_status !== 'waitlisted')) return null;
  const at = now.toISOString();
  const members = group.map((before) => {
    const after: GuestRecord = { ...before, rsvp_status: 'yes', rsvp_date: at, updated_at: at };
    delete after.waitlisted_at;
    return { before, after, changes: diffFields(before, after, ['rsvp_status']) };
  });
  const added = members.reduce((sum, { before, after }) => sum + headcountOf(after) - headcountOf(before), 0);
  if (event.capacity === undefined) return { members, seatGuard: null };
  if (event.attending_headcount + added > event.capacity) return null;
  return { members, seatGuard: added > 0 ? { capacity: event.capacity, maxHeadcountBefore: event.capacity - added } : null };
}
