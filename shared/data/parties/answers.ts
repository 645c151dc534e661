import type { EventRecord } from '../../domain/events/rules.ts';
import { counterDelta, dietaryDelta, type GuestRecord, sumCounters } from '../../domain/guests/rules.ts';
import { answerToCount } from '../../domain/invitations/counters.ts';
import { type AnswerInput, type StoredAnswers, summedAnswerCounterDelta } from '../../domain/questions/answers.ts';
import type { Problem, QuestionRecord } from '../../domain/questions/definitions.ts';
import { type MemberAnswer, type PartyRecord, planPartyRsvp } from '../../domain/parties/rules.ts';
import { NotFoundError, ServiceUnavailableError } from '../../http/errors.ts';
import { countRsvpAnswered } from '../../observability/metrics.ts';
import { eventCountersWrite, dietaryWrite, guestUpdate, sideWrites } from '../guests/writes.ts';
import { answerCountWrites } from '../invitations/counters.ts';
import { answerCounterWrites, listQuestions } from '../questions/records.ts';
import { answerRecords, mayHaveWaitingGuests, promoteFromWaitlist } from '../rsvp.ts';
import { MAX_TRANSACTION_ITEMS, type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';
import { afterSeatsFollowed, assertSeatsFit, declinedIn, seatChangesOf, seatsFollowingPlusOnes } from '../sub-events/headcounts.ts';
import type { FieldChange } from '../audit.ts';
import { getEventPartyAndMembers, partyKey } from './records.ts';

/**
 * A party's answer: planned from the event, the party and its members as read, written in ONE
 * TransactWriteItems (the event's counters by the members' summed change under the seat guard, each
 * changed member at the version read with its waitlist entry, audit entry and confirmation, the dietary
 * counts, the custom questions' counters by the members' summed answers, each at the definition's version
 * the answers were checked against, and a check that the party's membership is as read). When anything
 * moved (a question edited too), read and plan again:
 * so a party is seated whole or not at all however many answer at once.
 */
const MAX_ATTEMPTS = 20;

/** The party with these answers (none: no `answers` attribute). */
function withAnswers(party: PartyRecord, answers: StoredAnswers | undefined): PartyRecord {
  const { answers: _old, ...rest } = party;
  return answers ? { ...rest, answers } : rest;
}

export type PartyState = { event: EventRecord; party: PartyRecord; members: GuestRecord[] };

export type PartyRsvpResult =
  | { outcome: 'saved' | 'unchanged'; state: PartyState; questions: QuestionRecord[] }
  | { outcome: 'closed' }
  /** The event has no seats for the party (no titles), or these sub-events cannot seat a member's new plus-ones. */
  | { outcome: 'capacity_exceeded'; subEventTitles?: string[] }
  | { outcome: 'invalid'; problems: Problem[] };

/** The event, party and members again; gone (or the event being deleted) is a 404. */
export async function readParty(eventId: string, partyId: string): Promise<PartyState> {
  const state = await getEventPartyAndMembers(eventId, partyId);
  if (!state) throw new NotFoundError('party');
  return state;
}

async function partyAnswerItems(
  state: PartyState,
  plan: Extract<ReturnType<typeof planPartyRsvp>, { outcome: 'change' }>,
  questions: QuestionRecord[],
  actorId: string,
  now: Date,
  seatChanges: Map<string, FieldChange>,
): Promise<TransactItem[]> {
  const { event, party } = state;
  const delta = sumCounters(plan.members.map(({ before, after }) => counterDelta(before, after)));
  const items: TransactItem[] = [
    eventCountersWrite(event.id, delta, { seatGuard: plan.seatGuard, requireEmptyWaitlist: plan.requireEmptyWaitlist }),
    partyAnswersWrite(party, plan.partyAnswers?.after.answers ?? null, plan.partyAnswers !== null, now),
  ];
  const dietary: Record<string, number> = {};
  for (const { before, after, changes } of plan.members) {
    const countFor = answerToCount(before, after);
    items.push(guestUpdate(before, { ...after, version: before.version + 1 }, countFor ? { answered_batch_id: countFor } : undefined));
    const seatChange = seatChanges.get(before.id);
    items.push(...sideWrites(event.id, before, after), ...answerRecords(event, after, changes, actorId, 'guest.rsvp', now, undefined, seatChange ? [seatChange] : []));
    if (countFor) items.push(...await answerCountWrites({ event_id: event.id, batch_id: countFor, guest_id: before.id }, now.toISOString()));
    for (const [name, count] of Object.entries(dietaryDelta(before, after))) dietary[name] = (dietary[name] ?? 0) + count;
  }
  const dietaryItem = dietaryWrite(event.id, dietary);
  if (dietaryItem) items.push(dietaryItem);
  // At most 20 questions: 12 members (at most 6 items each) + 3 + 20 stays under DynamoDB's 100. The party's
  // own per_party answers move the same counters, summed with the members' (one ADD per question).
  const moves = plan.partyAnswers ? [...plan.members, plan.partyAnswers] : plan.members;
  items.push(...answerCounterWrites(event.id, summedAnswerCounterDelta(moves), Object.fromEntries(questions.map((question) => [question.id, question.version]))));
  return items;
}

/**
 * The party at the version read: only checked when its own answers stay, else its `answers` (the
 * per_party questions) set and its version moved on, so two answers planned from the same party
 * cannot both move the counters from the same answers.
 */
function partyAnswersWrite(party: PartyRecord, answers: StoredAnswers | null, changed: boolean, now: Date): TransactItem {
  const versioned = { ConditionExpression: '#version = :read', ExpressionAttributeNames: { '#version': 'version' } };
  if (!changed) return { ConditionCheck: { Key: partyKey(party), ...versioned, ExpressionAttributeValues: { ':read': party.version } } };
  return {
    Update: {
      Key: partyKey(party),
      UpdateExpression: `${answers ? 'SET answers = :answers, ' : 'SET '}updated_at = :at ADD #version :one${answers ? '' : ' REMOVE answers'}`,
      ...versioned,
      ExpressionAttributeValues: { ':read': party.version, ':at': now.toISOString(), ':one': 1, ...(answers ? { ':answers': answers } : {}) },
    },
  };
}

/** Records a party's answer (by its link, or by a planner) and then seats waiting guests if any fit. */
export async function recordPartyRsvp(start: PartyState, answers: MemberAnswer[], context: { now: Date; by: 'guest' | 'planner'; actorId: string }, partyAnswers?: AnswerInput): Promise<PartyRsvpResult> {
  let state = start;
  for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
    // The custom questions, read again on every attempt: answers commit only against the definitions they were checked with.
    const questions = (state.event.question_count ?? 0) > 0 ? await listQuestions(state.event.id) : [];
    const plan = planPartyRsvp(state.event, state.party, state.members, answers, context, questions, partyAnswers);
    if (plan.outcome === 'unchanged') return { outcome: 'unchanged', state, questions };
    if (plan.outcome !== 'change') return plan;
    // Members' new plus-ones move the seats their sub-event answers hold, in this same transaction (docs/sub-events.md);
    // planned first, so each member's audit entry names the seats it moves; fitted to what the party's items leave free.
    const declines = new Map(answers.map((answer) => [answer.guest_id, declinedIn(answer.input.sub_events)]));
    const moves = plan.members.map((member) => ({ ...member, declining: declines.get(member.before.id) ?? new Set<string>() }));
    const seats = await seatsFollowingPlusOnes(state.event, moves, MAX_TRANSACTION_ITEMS);
    if (seats.outcome === 'full') return { outcome: 'capacity_exceeded', subEventTitles: seats.subEventTitles };
    const items = await partyAnswerItems(state, plan, questions, context.actorId, context.now, seatChangesOf(seats));
    assertSeatsFit(seats, MAX_TRANSACTION_ITEMS - items.length);
    if (seats.outcome === 'change') items.push(...seats.items);
    try {
      await transact(items);
    } catch (error) {
      // Anything read moved (seats, a member, the membership): plan again from a fresh read.
      if (!(error instanceof TransactionConditionFailed) && !(error instanceof ServiceUnavailableError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 10 * 2 ** tries)));
      state = await readParty(state.event.id, state.party.id);
      continue;
    }
    const saved = new Map(plan.members.map(({ before, after }) => [before.id, { ...after, version: before.version + 1 }]));
    const party = plan.partyAnswers ? { ...withAnswers(state.party, plan.partyAnswers.after.answers), version: state.party.version + 1, updated_at: context.now.toISOString() } : state.party;
    const result = { ...state, party, members: state.members.map((member) => saved.get(member.id) ?? member) };
    for (const member of saved.values()) countRsvpAnswered(member.rsvp_status);
    // After the commit, never retried with it: the sub-events' waitlists and tables, then the event's waitlist.
    await afterSeatsFollowed(state.event.id, seats, context.now);
    if (mayHaveWaitingGuests(state.event) || [...saved.values()].some((member) => mayHaveWaitingGuests(state.event, member))) await promoteFromWaitlist(state.event.id, context.now);
    return { outcome: 'saved', state: result, questions };
  }
  throw new ServiceUnavailableError(1);
}
