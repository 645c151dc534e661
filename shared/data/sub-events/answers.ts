import type { EventRecord } from '../../domain/events/rules.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import type { MemberAnswer } from '../../domain/parties/rules.ts';
import type { AnswerInput } from '../../domain/questions/answers.ts';
import type { Problem, QuestionRecord } from '../../domain/questions/definitions.ts';
import type { RsvpInput } from '../../domain/rsvp/rules.ts';
import type { PartySubEvents } from '../../domain/rsvp/view.ts';
import { statusesAfterAnswer } from '../../domain/questions/sub-events.ts';
import { subEventAnswerChanges, uninvitedAnswers } from '../../domain/sub-events/answers.ts';
import type { SubEventAnswer, SubEventInvitation, SubEventRecord } from '../../domain/sub-events/rules.ts';
import { auditPut } from '../audit.ts';
import { type PartyState, recordPartyRsvp } from '../parties/answers.ts';
import { recordRsvp } from '../rsvp.ts';
import { answerSubEvents } from './invitations.ts';
import { invitationsOfGuest, listSubEvents } from './records.ts';

/**
 * An answer to the event with answers to its sub-events, however it arrives: the guest's own link
 * (functions/rsvp), a party's link, or a planner recording it for a guest or a party (functions/guests).
 * One order for all of them (docs/sub-events.md):
 * 1. an answer naming a sub-event the guest is not invited to is refused before anything is written;
 * 2. the answer to the event (one transaction), so the plus-ones it sets count for the seats;
 * 3. the sub-event answers, each guest's in one transaction under each sub-event's seat guard with the
 *    audit entry naming who answered (`actorId`): the counts equal a recount. A sub-event full without a
 *    waitlist refuses that guest's sub-event answers (capacity_exceeded naming it); what was recorded
 *    before it stays.
 */
export type AnswerContext = { now: Date; by: 'guest' | 'planner'; actorId: string };

export type GuestSubEvents = { subEvents: SubEventRecord[]; invitations: SubEventInvitation[] };

/** The sub-events and the guest's invitations to them; none read when the event has none. */
export async function guestSubEvents(event: EventRecord, guestId: string): Promise<GuestSubEvents> {
  if ((event.sub_event_count ?? 0) === 0) return { subEvents: [], invitations: [] };
  const [subEvents, invitations] = await Promise.all([listSubEvents(event.id), invitationsOfGuest(event.id, guestId)]);
  return { subEvents, invitations };
}

/** The sub-events and each member's invitations to them (one Query per member, at most 12); none read when the event has none. */
export async function partySubEvents({ event, members }: PartyState): Promise<PartySubEvents> {
  if ((event.sub_event_count ?? 0) === 0) return { subEvents: [], invitationsByGuest: new Map() };
  const [subEvents, invitations] = await Promise.all([listSubEvents(event.id), Promise.all(members.map((member) => invitationsOfGuest(event.id, member.id)))]);
  return { subEvents, invitationsByGuest: new Map(members.map((member, index) => [member.id, invitations[index] ?? []])) };
}

/** Whether answers may concern questions asked per sub-event: the event has sub-events and questions. */
const asksPerSubEvent = (event: EventRecord): boolean => (event.sub_event_count ?? 0) > 0 && (event.question_count ?? 0) > 0;

type SubEventsOutcome =
  | { outcome: 'saved' | 'unchanged'; subEvents: GuestSubEvents }
  | { outcome: 'invalid'; problems: Problem[] }
  | { outcome: 'capacity_exceeded'; subEventTitles: string[] };

/** Step 3 for one guest: their sub-event answers with the seats of the guest as they are now, audited under the actor. */
async function recordSubEventAnswers(eventId: string, guest: GuestRecord, answers: Record<string, SubEventAnswer>, context: AnswerContext, read?: GuestSubEvents): Promise<SubEventsOutcome> {
  const at = context.now.toISOString();
  const outcome = await answerSubEvents(eventId, guest.id, answers, {
    ...(read ? { read } : {}),
    headcount: 1 + guest.plus_one_count,
    now: at,
    alsoWrite: (changes) => [auditPut({ eventId }, {
      actor_id: context.actorId, action: 'guest.sub_event_rsvp', entity_type: 'guest', entity_id: guest.id, at, subject: guest.name, changes: subEventAnswerChanges(changes),
    })],
  });
  if (outcome.outcome === 'invalid') return outcome;
  if (outcome.outcome === 'capacity_exceeded') return { outcome: 'capacity_exceeded', subEventTitles: outcome.subEvents.map((subEvent) => subEvent.title) };
  return { outcome: outcome.outcome, subEvents: { subEvents: outcome.subEvents, invitations: outcome.invitations } };
}

export type GuestAnswerResult =
  | { outcome: 'saved' | 'unchanged'; event: EventRecord; guest: GuestRecord; questions: QuestionRecord[]; subEvents: GuestSubEvents | null }
  | { outcome: 'closed' }
  /** The event is full (no titles), or these sub-events are. */
  | { outcome: 'capacity_exceeded'; subEventTitles: string[] }
  | { outcome: 'invalid'; problems: Problem[] };

/**
 * A guest's answer (`input.sub_events` the answers to sub-events, by id): `subEvents` is what they hold
 * after it when sub-event answers were given, else null (nothing of them was read).
 */
export async function recordGuestAnswer(invitation: { event: EventRecord; guest: GuestRecord }, input: RsvpInput, context: AnswerContext): Promise<GuestAnswerResult> {
  const given = input.sub_events && Object.keys(input.sub_events).length > 0 ? input.sub_events : null;
  const read = given ? await guestSubEvents(invitation.event, invitation.guest.id) : null;
  if (given && read) {
    const problems = uninvitedAnswers(read.invitations, given, 'sub_events');
    if (problems.length > 0) return { outcome: 'invalid', problems };
  }
  // The questions asked per sub-event are checked with the guest's sub-event answers as they will be after this one.
  const invitations = read ? read.invitations : asksPerSubEvent(invitation.event) ? await invitationsOfGuest(invitation.event.id, invitation.guest.id) : null;
  const result = await recordRsvp(invitation, invitations ? { ...input, subEventStatuses: statusesAfterAnswer(invitations, given ?? undefined) } : input, context);
  if (result.outcome === 'capacity_exceeded') return { outcome: 'capacity_exceeded', subEventTitles: result.subEventTitles ?? [] };
  if (result.outcome === 'closed' || result.outcome === 'invalid') return result;
  if (!given || !read) return { ...result, subEvents: null };
  // New plus-ones moved the invitations the guest attends or waits for: what was read before is stale.
  const fresh = result.guest.plus_one_count === invitation.guest.plus_one_count;
  const subEvents = await recordSubEventAnswers(result.event.id, result.guest, given, context, fresh ? read : undefined);
  if (subEvents.outcome === 'invalid' || subEvents.outcome === 'capacity_exceeded') return subEvents;
  return { ...result, outcome: result.outcome === 'saved' || subEvents.outcome === 'saved' ? 'saved' : 'unchanged', subEvents: subEvents.subEvents };
}

/** One member's answer in a party's answer: to the event, and by id to the sub-events that member is invited to. */
export type PartyMemberAnswer = MemberAnswer & { sub_events?: Record<string, SubEventAnswer> };

export type PartyAnswerResult =
  | { outcome: 'saved' | 'unchanged'; state: PartyState; questions: QuestionRecord[]; subEvents: PartySubEvents | null }
  | { outcome: 'closed' }
  /** The event has no seats for the party (no titles), or these sub-events are full for a member. */
  | { outcome: 'capacity_exceeded'; subEventTitles: string[] }
  | { outcome: 'invalid'; problems: Problem[] };

/**
 * A party's answer: the members' answers to the event in one transaction (shared/data/parties/answers.ts),
 * with the party's own answers to its per_party questions (`body.answers`), then each member's sub-event answers in the party's order. Problems name `members.<i>.sub_events.<id>`.
 * `subEvents` is what the members hold after it when sub-event answers were given, else null.
 */
export async function recordPartyMembersAnswer(state: PartyState, body: { members: PartyMemberAnswer[]; answers?: AnswerInput }, context: AnswerContext): Promise<PartyAnswerResult> {
  const answers = body.members;
  const withSubEvents = answers.flatMap((answer, index) => (answer.sub_events && Object.keys(answer.sub_events).length > 0 ? [{ index, guestId: answer.guest_id, given: answer.sub_events }] : []));
  const read = withSubEvents.length > 0 || asksPerSubEvent(state.event) ? await partySubEvents(state) : null;
  if (read && withSubEvents.length > 0) {
    const problems = withSubEvents.flatMap(({ index, guestId, given }) => uninvitedAnswers(read.invitationsByGuest.get(guestId) ?? [], given, `members.${index}.sub_events`));
    if (problems.length > 0) return { outcome: 'invalid', problems };
  }
  // The member's sub-event answers ride along so that a sub-event they decline is not grown by new plus-ones.
  const memberInput = ({ guest_id, input, sub_events }: PartyMemberAnswer) => {
    const withAnswers = sub_events ? { ...input, sub_events } : input;
    return read ? { ...withAnswers, subEventStatuses: statusesAfterAnswer(read.invitationsByGuest.get(guest_id) ?? [], sub_events) } : withAnswers;
  };
  const result = await recordPartyRsvp(state, answers.map((answer) => ({ guest_id: answer.guest_id, input: memberInput(answer) })), context, body.answers);
  if (result.outcome === 'capacity_exceeded') return { outcome: 'capacity_exceeded', subEventTitles: result.subEventTitles ?? [] };
  if (result.outcome === 'closed' || result.outcome === 'invalid') return result;
  if (withSubEvents.length === 0) return { ...result, subEvents: null };
  let changed = result.outcome === 'saved';
  for (const { guestId, given } of withSubEvents) {
    const member = result.state.members.find((candidate) => candidate.id === guestId);
    if (!member) continue;
    const outcome = await recordSubEventAnswers(state.event.id, member, given, context);
    if (outcome.outcome === 'invalid' || outcome.outcome === 'capacity_exceeded') return outcome;
    if (outcome.outcome === 'saved') changed = true;
  }
  return { ...result, outcome: changed ? 'saved' : 'unchanged', subEvents: await partySubEvents(result.state) };
}
