import type { EventRecord } from '../domain/events/rules.ts';
import { counterDelta, type GuestRecord, sumCounters } from '../domain/guests/rules.ts';
import { planGroupPromotion, waitingTogether } from '../domain/parties/promotion.ts';
import type { PartyRecord } from '../domain/parties/rules.ts';
import type { Problem, QuestionRecord } from '../domain/questions/definitions.ts';
import { answerToCount } from '../domain/invitations/counters.ts';
import { planPromotion, planRsvp, type RsvpInput } from '../domain/rsvp/rules.ts';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../http/errors.ts';
import { auditPut, type FieldChange } from './audit.ts';
import { answerCountWrites } from './invitations/counters.ts';
import { eventCountersWrite, type GuestChangeOutcome, guestUpdate, type SeatGuard, sideWrites, writeGuestChange } from './guests/writes.ts';
import { getEventPartyAndMembers, partyKey } from './parties/records.ts';
import { getEventAndGuest, waitlistHead } from './guests/reads.ts';
import { eventSnapshot, noticePut } from './notices.ts';
import { MAX_TRANSACTION_ITEMS, type TransactItem, TransactionConditionFailed, transact } from './transact.ts';
import { afterSeatsFollowed, declinedIn, type SeatsFollow, seatChangesOfGuest, seatsFollowingPlusOnes } from './sub-events/headcounts.ts';
import { listQuestions } from './questions/records.ts';
import { countRsvpAnswered } from '../observability/metrics.ts';

/**
 * Recording answers: plan from what was read, write in ONE transaction (guest, counters under the seat
 * guard, audit entry, confirmation notice, the custom questions' answer counters, and the first answer's mark and count on its invitation batch), and when the write finds the guest, the seats or a question changed
 * since the read, read again and plan again. So every answer is exact however many arrive at once.
 */
const MAX_ATTEMPTS = 20;

/** The most items one guest's answer writes besides its sub-event seats (event, guest, 6 side writes, dietary, 20 question counters, audit, notice, 2 batch counts). */
const SINGLE_GUEST_ANSWER_ITEMS = 33;

export type RsvpResult =
  | { outcome: 'saved' | 'unchanged'; event: EventRecord; guest: GuestRecord; questions: QuestionRecord[] }
  | { outcome: 'closed' }
  /** The event is full (no titles), or these sub-events cannot seat the guest's new plus-ones. */
  | { outcome: 'capacity_exceeded'; subEventTitles?: string[] }
  | { outcome: 'invalid'; problems: Problem[] };

/**
 * The audit entry and the guest's confirmation notice of an answer, for its transaction. `details` go on
 * the notice (a sub-event's seat given from its waitlist names the sub-event there). `auditOnly`: changes
 * the audit entry records but the guest's confirmation does not say (the sub-event seats that followed
 * their plus-ones, `sub_event_headcounts`).
 */
export function answerRecords(
  event: EventRecord, after: GuestRecord, changes: FieldChange[], actorId: string, action: string, now: Date, details?: Record<string, unknown>, auditOnly: FieldChange[] = [],
): TransactItem[] {
  const audit = auditPut({ eventId: event.id }, {
    actor_id: actorId, action, entity_type: 'guest', entity_id: after.id, changes: [...changes, ...auditOnly], at: now.toISOString(), subject: after.name,
  });
  const notice = noticePut({
    kind: 'rsvp_confirmation',
    event_id: event.id,
    event: eventSnapshot(event),
    changes,
    actor_id: actorId,
    recipient: { guest_id: after.id, name: after.name, email: after.email, rsvp_status: after.rsvp_status, invited_at: after.invited_at, language: after.language },
    ...(details ? { details } : {}),
  }, now);
  return [audit, notice.write];
}

/** Reads the event and guest again after a write lost a race; gone (or being deleted) is a 404. */
export async function rereadGuest(eventId: string, guestId: string): Promise<{ event: EventRecord; guest: GuestRecord }> {
  const { event, guest } = await getEventAndGuest(eventId, guestId);
  if (!event || event.deleting_at || !guest) throw new NotFoundError('guest');
  return { event, guest };
}

/**
 * Writes a guest change planned by `plan`, planning again from a fresh read whenever the write reports
 * that the guest or the event moved. Contention that outlasts transact()'s own retries is retried here too.
 */
export async function withReplanning<R>(
  start: { event: EventRecord; guest: GuestRecord },
  attempt: (state: { event: EventRecord; guest: GuestRecord }) => Promise<{ done: R } | { write: () => Promise<GuestChangeOutcome>; onSaved: () => R }>,
): Promise<R> {
  let state = start;
  for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
    const step = await attempt(state);
    if ('done' in step) return step.done;
    let outcome: GuestChangeOutcome | 'contended';
    try {
      outcome = await step.write();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError)) throw error;
      outcome = 'contended';
    }
    if (outcome === 'saved') return step.onSaved();
    // Only a guest's own answer changes an email; another guest of the list holds the new one.
    if (outcome === 'email_taken') throw new ConflictError('duplicate_guest', 'Another guest of this event has that email.');
    // Others are writing the same guest or event: step aside for a random while so they spread out.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 10 * 2 ** tries)));
    state = await rereadGuest(state.event.id, state.guest.id);
  }
  throw new ServiceUnavailableError(1);
}

/** Records an answer (by the guest, or by a planner for them) and then seats waiting guests if any fit. */
export async function recordRsvp(
  start: { event: EventRecord; guest: GuestRecord },
  input: RsvpInput,
  context: { now: Date; by: 'guest' | 'planner'; actorId: string },
): Promise<RsvpResult> {
  let seats: SeatsFollow = { outcome: 'none' };
  const result = await withReplanning<RsvpResult>(start, async ({ event, guest }) => {
    // The custom questions, read again on every attempt: an answer commits only against the definitions it was checked with.
    const questions = (event.question_count ?? 0) > 0 ? await listQuestions(event.id) : [];
    const plan = planRsvp(event, guest, input, context, questions);
    if (plan.outcome === 'unchanged') return { done: { outcome: 'unchanged', event, guest, questions } };
    if (plan.outcome !== 'change') return { done: plan };
    // New plus-ones move the seats the guest's sub-event answers hold, in this same transaction (docs/sub-events.md).
    seats = await seatsFollowingPlusOnes(event, [{ before: guest, after: plan.after, declining: declinedIn(input.sub_events) }], MAX_TRANSACTION_ITEMS - SINGLE_GUEST_ANSWER_ITEMS);
    if (seats.outcome === 'full') return { done: { outcome: 'capacity_exceeded', subEventTitles: seats.subEventTitles } };
    const alsoWrite = answerRecords(event, plan.after, plan.changes, context.actorId, 'guest.rsvp', context.now, undefined, seatChangesOfGuest(seats, guest.id));
    if (seats.outcome === 'change') alsoWrite.push(...seats.items);
    const followsSeats = seats.outcome === 'change';
    // The first answer after a batch reached the guest counts for that batch, in this same transaction.
    const countFor = answerToCount(guest, plan.after);
    if (countFor) alsoWrite.push(...await answerCountWrites({ event_id: event.id, batch_id: countFor, guest_id: guest.id }, context.now.toISOString()));
    const guestMarks = countFor ? { answered_batch_id: countFor } : undefined;
    return {
      write: () => writeGuestChange({
        eventId: event.id, before: guest, after: plan.after, seatGuard: plan.seatGuard, requireEmptyWaitlist: plan.requireEmptyWaitlist, guestMarks, alsoWrite,
        questionVersions: Object.fromEntries(questions.map((question) => [question.id, question.version])),
      }).catch((error: unknown) => {
        // A sub-event's seats or an invitation moved since the read: read and plan again.
        if (followsSeats && error instanceof TransactionConditionFailed) return 'event_changed' as const;
        throw error;
      }),
      onSaved: () => ({ outcome: 'saved', event, guest: { ...plan.after, version: guest.version + 1 }, questions }),
    };
  });
  if (result.outcome === 'saved') countRsvpAnswered(result.guest.rsvp_status);
  if (result.outcome === 'saved') await afterSeatsFollowed(result.event.id, seats, context.now);
  if (result.outcome === 'saved' && mayHaveWaitingGuests(result.event, result.guest)) await promoteFromWaitlist(result.event.id, context.now);
  return result;
}

/** Worth looking at the waitlist: someone was waiting when we read, or this guest just joined it. */
export const mayHaveWaitingGuests = (event: EventRecord, guest?: GuestRecord): boolean =>
  (event.rsvp_waitlisted ?? 0) > 0 || guest?.rsvp_status === 'waitlisted';

const PROMOTIONS_PER_CALL = 50;

/**
 * Seats waiting guests in arrival order while the head of the queue fits, each promotion its own
 * transaction under the seat guard (with audit entry and confirmation). A head whose `whole_party` party
 * waited as one decision is seated with those members in one transaction, all or none (docs/parties.md,
 * "Promotion"). Safe to run by anyone at any time.
 */
export async function promoteFromWaitlist(eventId: string, now: Date): Promise<number> {
  let promoted = 0;
  for (let round = 0; round < PROMOTIONS_PER_CALL; round += 1) {
    const [headId] = await waitlistHead(eventId, 1);
    if (!headId) return promoted;
    const { event, guest } = await getEventAndGuest(eventId, headId);
    if (!event || event.deleting_at || !guest) return promoted;
    const party = guest.party_id ? await getEventPartyAndMembers(eventId, guest.party_id) : null;
    const group = party ? waitingTogether(party.party, party.members, guest) : [guest];
    if (party && group.length > 1) {
      const plan = planGroupPromotion(party.event, group, now);
      if (!plan) return promoted;
      if (await writeGroupPromotion(party.event, party.party, plan, now)) promoted += group.length;
      continue;
    }
    const plan = planPromotion(event, guest, now);
    if (!plan) return promoted;
    const outcome = await writeGuestChange({
      eventId,
      before: guest,
      after: plan.after,
      seatGuard: plan.seatGuard as SeatGuard | null,
      alsoWrite: answerRecords(event, plan.after, plan.changes, 'system:waitlist', 'guest.promoted', now),
    }).catch((error: unknown) => {
      if (error instanceof ServiceUnavailableError) return 'contended' as const;
      throw error;
    });
    if (outcome === 'saved') promoted += 1;
  }
  return promoted;
}

/**
 * A party's members seated together: ONE TransactWriteItems of the event's counters by their summed change
 * under the seat guard, a check that the party is at the version read, and each member at the version read
 * with its waitlist entry removed, its audit entry and its promotion notice (12 members: at most 51 items).
 * False when anything moved: the caller reads the queue again.
 */
async function writeGroupPromotion(event: EventRecord, party: PartyRecord, plan: NonNullable<ReturnType<typeof planGroupPromotion>>, now: Date): Promise<boolean> {
  const delta = sumCounters(plan.members.map(({ before, after }) => counterDelta(before, after)));
  const items: TransactItem[] = [
    eventCountersWrite(event.id, delta, { seatGuard: plan.seatGuard }),
    { ConditionCheck: { Key: partyKey(party), ConditionExpression: '#version = :read', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':read': party.version } } },
  ];
  for (const { before, after, changes } of plan.members) {
    items.push(guestUpdate(before, { ...after, version: before.version + 1 }), ...sideWrites(event.id, before, after));
    items.push(...answerRecords(event, after, changes, 'system:waitlist', 'guest.promoted', now));
  }
  try {
    await transact(items);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed || error instanceof ServiceUnavailableError) return false;
    throw error;
  }
}
