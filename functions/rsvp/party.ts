import { config } from '#shared/config.ts';
import { findPartyInvitation } from '#shared/data/invitations/codes.ts';
import { readParty, recordPartyRsvp, type PartyState } from '#shared/data/parties/answers.ts';
import { rsvpRateRule } from '#shared/domain/rsvp/rate-limit.ts';
import { listQuestions } from '#shared/data/questions/records.ts';
import type { QuestionRecord } from '#shared/domain/questions/definitions.ts';
import { type PartySubEvents, partyInvitationView } from '#shared/domain/rsvp/view.ts';
import { auditPut } from '#shared/data/audit.ts';
import { answerSubEvents } from '#shared/data/sub-events/invitations.ts';
import { invitationsOfGuest, listSubEvents } from '#shared/data/sub-events/records.ts';
import type { Problem } from '#shared/domain/questions/definitions.ts';
import type { MemberAnswer } from '#shared/domain/parties/rules.ts';
import type { SubEventAnswer } from '#shared/domain/sub-events/rules.ts';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import { RequestLimiter } from '#shared/http/request-limiter.ts';
import { ok } from '#shared/http/responses.ts';
import { invitationCodeHeader } from '#shared/schemas/rsvp.ts';
import { partyGuestAnswerBody } from '#shared/schemas/parties.ts';

/**
 * A party's link as JSON (GET and POST /api/party-rsvp, the party's code in Invitation-Code): every
 * member's invitation view, and one answer for all of them (docs/parties.md). Rate limited per source
 * like the guest's own routes; a guest's code here is a 404, as a party's code is on the guest's routes.
 */
const limiter = new RequestLimiter();

export async function openParty(code: string, sourceIp: string, now: Date): Promise<PartyState> {
  const [decision, found] = await Promise.all([limiter.take(rsvpRateRule(config().RSVP_REQUESTS_PER_SOURCE_PER_10_MINUTES), sourceIp, now), findPartyInvitation(code)]);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  if (!found) throw new NotFoundError('invitation');
  return readParty(found.eventId, found.partyId).catch(() => {
    throw new NotFoundError('invitation');
  });
}

/** The event's custom questions; none read when it has none. */
export const questionsOf = (state: PartyState): Promise<QuestionRecord[]> => ((state.event.question_count ?? 0) > 0 ? listQuestions(state.event.id) : Promise.resolve([]));

/** The sub-events and each member's invitations to them (one Query per member, at most 12); none read when the event has none. */
export async function partySubEventsOf({ event, members }: PartyState): Promise<PartySubEvents> {
  if ((event.sub_event_count ?? 0) === 0) return { subEvents: [], invitationsByGuest: new Map() };
  const [subEvents, invitations] = await Promise.all([listSubEvents(event.id), Promise.all(members.map((member) => invitationsOfGuest(event.id, member.id)))]);
  return { subEvents, invitationsByGuest: new Map(members.map((member, index) => [member.id, invitations[index] ?? []])) };
}

export const partyView = ({ event, party, members }: PartyState, questions: QuestionRecord[], now: Date, subEvents?: PartySubEvents) =>
  partyInvitationView(event, party, members, questions, now, subEvents);

/** What the party's page and POST /api/party-rsvp read of it: the questions and the members' sub-events. */
export async function partyReads(state: PartyState): Promise<{ questions: QuestionRecord[]; subEvents: PartySubEvents }> {
  const [questions, subEvents] = await Promise.all([questionsOf(state), partySubEventsOf(state)]);
  return { questions, subEvents };
}

/** One member's answer from the party's own link: to the event, and to the sub-events that member is invited to. */
export type PartyGuestAnswer = MemberAnswer & { sub_events?: Record<string, SubEventAnswer> };

export type PartyAnswerOutcome =
  | { outcome: 'saved' | 'unchanged'; state: PartyState; questions: QuestionRecord[]; subEvents: PartySubEvents }
  | { outcome: 'closed' }
  | { outcome: 'capacity_exceeded'; subEventTitles: string[] }
  | { outcome: 'invalid'; problems: Problem[] };

/**
 * The party's answer from its own link (page or JSON), as a guest's own answer is recorded
 * (functions/rsvp/invitation.ts): sub-event answers naming a sub-event the member is not invited to are
 * refused before anything is written (`members.<i>.sub_events.<id>`); then the party's answer (one
 * transaction, shared/data/parties/answers.ts); then each member's sub-event answers in the party's order,
 * each member's in one transaction under each sub-event's seat guard (so the counts stay exact). A
 * sub-event full without a waitlist refuses that member's sub-event answers (capacity_exceeded naming it);
 * what was recorded before it stays, as on a guest's own link.
 */
export async function answerPartyFromLink(state: PartyState, answers: PartyGuestAnswer[], now: Date): Promise<PartyAnswerOutcome> {
  const withSubEvents = answers.flatMap((answer, index) => (answer.sub_events ? [{ index, guestId: answer.guest_id, answers: answer.sub_events }] : []));
  if (withSubEvents.length > 0) {
    const read = await partySubEventsOf(state);
    const problems = withSubEvents.flatMap(({ index, guestId, answers: given }) => {
      const invited = new Set((read.invitationsByGuest.get(guestId) ?? []).map((invitation) => invitation.sub_event_id));
      return Object.keys(given).filter((id) => !invited.has(id)).map((id) => ({ path: `members.${index}.sub_events.${id}`, message: 'Not a sub-event of this invitation' }));
    });
    if (problems.length > 0) return { outcome: 'invalid', problems };
  }
  const actorId = `party:${state.party.id}`;
  const result = await recordPartyRsvp(state, answers.map(({ guest_id, input }) => ({ guest_id, input })), { now, by: 'guest', actorId });
  if (result.outcome === 'capacity_exceeded') return { outcome: 'capacity_exceeded', subEventTitles: [] };
  if (result.outcome === 'closed' || result.outcome === 'invalid') return result;
  let changed = result.outcome === 'saved';
  for (const { guestId, answers: given } of withSubEvents) {
    const member = result.state.members.find((candidate) => candidate.id === guestId);
    if (!member) continue;
    const outcome = await answerSubEvents(state.event.id, member.id, given, {
      headcount: 1 + member.plus_one_count,
      now: now.toISOString(),
      alsoWrite: (changes) => [auditPut({ eventId: state.event.id }, {
        actor_id: actorId, action: 'guest.sub_event_rsvp', entity_type: 'guest', entity_id: member.id, at: now.toISOString(), subject: member.name,
        changes: changes.map((change) => ({ field: `sub_event.${(change.after ?? change.before)?.sub_event_id ?? ''}`, before: change.before?.status ?? null, after: change.after?.status ?? null })),
      })],
    });
    if (outcome.outcome === 'invalid') return outcome;
    if (outcome.outcome === 'capacity_exceeded') return { outcome: 'capacity_exceeded', subEventTitles: outcome.subEvents.map((subEvent) => subEvent.title) };
    if (outcome.outcome === 'saved') changed = true;
  }
  return { outcome: changed ? 'saved' : 'unchanged', state: result.state, questions: result.questions, subEvents: await partySubEventsOf(result.state) };
}

/** GET /api/party-rsvp: the party's invitation, each member's answer so far. */
export const getPartyInvitation = publicOperation({
  headers: invitationCodeHeader,
  handle: async ({ headers, request }) => {
    const now = new Date();
    const state = await openParty(headers['invitation-code'], request.sourceIp, now);
    const { questions, subEvents } = await partyReads(state);
    return ok(partyView(state, questions, now, subEvents));
  },
});

/** POST /api/party-rsvp: one answer for the members named; the party is seated as one decision. */
export const answerPartyInvitation = publicOperation({
  headers: invitationCodeHeader,
  body: partyGuestAnswerBody,
  handle: async ({ headers, body, request }) => {
    const now = new Date();
    const state = await openParty(headers['invitation-code'], request.sourceIp, now);
    const result = await answerPartyFromLink(state, body, now);
    if (result.outcome === 'closed') throw new ConflictError('rsvp_closed', 'Answers to this invitation are closed.');
    if (result.outcome === 'capacity_exceeded') {
      throw new ConflictError('capacity_exceeded', result.subEventTitles.length > 0
        ? `${result.subEventTitles.join(', ')}: full; there is no seat for this answer.`
        : 'The event is full; there are no seats for this party.');
    }
    if (result.outcome === 'invalid') throw new ValidationError(result.problems);
    return ok({ ...partyView(result.state, result.questions, now, result.subEvents), answer_changed: result.outcome === 'saved' });
  },
});
