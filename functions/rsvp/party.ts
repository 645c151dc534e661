import { config } from '#shared/config.ts';
import { findPartyInvitation } from '#shared/data/invitations/codes.ts';
import { readParty, type PartyState } from '#shared/data/parties/answers.ts';
import { rsvpRateRule } from '#shared/domain/rsvp/rate-limit.ts';
import { listQuestions } from '#shared/data/questions/records.ts';
import type { AnswerInput } from '#shared/domain/questions/answers.ts';
import type { QuestionRecord } from '#shared/domain/questions/definitions.ts';
import { type PartySubEvents, partyInvitationView } from '#shared/domain/rsvp/view.ts';
import { type PartyAnswerResult, type PartyMemberAnswer, partySubEvents, recordPartyMembersAnswer } from '#shared/data/sub-events/answers.ts';
import { capacityRefusal } from '#shared/domain/sub-events/answers.ts';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import { RequestLimiter } from '#shared/http/request-limiter.ts';
import { ok } from '#shared/http/responses.ts';
import { invitationCodeHeader } from '#shared/schemas/rsvp.ts';
import { partyAnswerBody } from '#shared/schemas/parties.ts';

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

export const partyView = ({ event, party, members }: PartyState, questions: QuestionRecord[], now: Date, subEvents?: PartySubEvents) =>
  partyInvitationView(event, party, members, questions, now, subEvents);

/** What the party's page and POST /api/party-rsvp read of it: the questions and the members' sub-events. */
export async function partyReads(state: PartyState): Promise<{ questions: QuestionRecord[]; subEvents: PartySubEvents }> {
  const [questions, subEvents] = await Promise.all([questionsOf(state), partySubEvents(state)]);
  return { questions, subEvents };
}

type PartyLinkAnswer = Exclude<PartyAnswerResult, { outcome: 'saved' | 'unchanged' }> | { outcome: 'saved' | 'unchanged'; state: PartyState; questions: QuestionRecord[]; subEvents: PartySubEvents };

/**
 * The party's answer from its own link (page or JSON), recorded as every party answer is
 * (shared/data/sub-events/answers.ts `recordPartyMembersAnswer`), with the party as the actor.
 */
export async function answerPartyFromLink(state: PartyState, body: { members: PartyMemberAnswer[]; answers?: AnswerInput }, now: Date): Promise<PartyLinkAnswer> {
  const result = await recordPartyMembersAnswer(state, body, { now, by: 'guest', actorId: `party:${state.party.id}` });
  if (result.outcome === 'closed' || result.outcome === 'capacity_exceeded' || result.outcome === 'invalid') return result;
  return { ...result, subEvents: result.subEvents ?? await partySubEvents(result.state) };
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
  body: partyAnswerBody,
  handle: async ({ headers, body, request }) => {
    const now = new Date();
    const state = await openParty(headers['invitation-code'], request.sourceIp, now);
    const result = await answerPartyFromLink(state, body, now);
    if (result.outcome === 'closed') throw new ConflictError('rsvp_closed', 'Answers to this invitation are closed.');
    if (result.outcome === 'capacity_exceeded') {
      throw capacityRefusal(result.subEventTitles, 'The event is full; there are no seats for this party.');
    }
    if (result.outcome === 'invalid') throw new ValidationError(result.problems);
    return ok({ ...partyView(result.state, result.questions, now, result.subEvents), answer_changed: result.outcome === 'saved' });
  },
});
