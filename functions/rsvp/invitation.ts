import { config } from '#shared/config.ts';
import { getEventAndGuest } from '#shared/data/guests/reads.ts';
import { findCodeOwner, findInvitation } from '#shared/data/invitations/codes.ts';
import { readParty, type PartyState } from '#shared/data/parties/answers.ts';
import { getPartyAnswers } from '#shared/data/parties/records.ts';
import { guestSubEvents, recordGuestAnswer } from '#shared/data/sub-events/answers.ts';
import { listQuestions } from '#shared/data/questions/records.ts';
import { getUser } from '#shared/data/users.ts';
import type { EventRecord } from '#shared/domain/events/rules.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { capacityRefusal } from '#shared/domain/sub-events/answers.ts';
import type { RsvpInput } from '#shared/domain/rsvp/rules.ts';
import { pageOpenToRecord } from '#shared/domain/invitations/counters.ts';
import { invitationOpenedEvent } from '#shared/domain/invitations/open-event.ts';
import { putDomainEvents } from '#shared/events/bus.ts';
import type { Logger } from '#shared/logger.ts';
import { rsvpRateRule } from '#shared/domain/rsvp/rate-limit.ts';
import { type InvitationPartyAnswers, type InvitationView, invitationView, partyAnswersView, showsPartyAnswers } from '#shared/domain/rsvp/view.ts';
import type { QuestionRecord } from '#shared/domain/questions/definitions.ts';
import { currentCheckInCode } from '#shared/auth/check-in-code-key.ts';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '#shared/http/errors.ts';
import { RequestLimiter } from '#shared/http/request-limiter.ts';

/**
 * The guest's side, shared by the JSON routes and the page: every request is counted against its source
 * address first (in this container's memory; the shared count only in batches, docs/abuse-limits.md), an
 * unknown code is a 404 like a deleted event, and only the guest's own POST changes an answer (a GET never
 * does: mail scanners open links too, and a GET writes nothing at all: its open goes on the bus, announceOpen).
 */
export type Invitation = { event: EventRecord; guest: GuestRecord };

const limiter = new RequestLimiter();

async function rateLimit(sourceIp: string, now: Date): Promise<void> {
  const decision = await limiter.take(rsvpRateRule(config().RSVP_REQUESTS_PER_SOURCE_PER_10_MINUTES), sourceIp, now);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
}

/** The invitation behind a code (rate limit, code lookup, then the event and guest in one read). */
export async function openInvitation(code: string, sourceIp: string, now: Date): Promise<Invitation> {
  const [, found] = await Promise.all([rateLimit(sourceIp, now), findInvitation(code)]);
  if (!found) throw new NotFoundError('invitation');
  const { event, guest } = await getEventAndGuest(found.eventId, found.guestId);
  if (!event || event.deleting_at || !guest) throw new NotFoundError('invitation');
  return { event, guest };
}

/**
 * What the RSVP page's code opens: a guest's invitation, or a party's (docs/parties.md: one page answers
 * for every member). One code lookup either way, after the same rate limit.
 */
export async function openPageInvitation(code: string, sourceIp: string, now: Date): Promise<{ kind: 'guest'; invitation: Invitation } | { kind: 'party'; state: PartyState }> {
  const [, found] = await Promise.all([rateLimit(sourceIp, now), findCodeOwner(code)]);
  if (!found) throw new NotFoundError('invitation');
  // A party gone (or its event being deleted) is readParty's 404, as an unknown code's.
  if (found.kind === 'party') return { kind: 'party', state: await readParty(found.eventId, found.partyId) };
  const { event, guest } = await getEventAndGuest(found.eventId, found.guestId);
  if (!event || event.deleting_at || !guest) throw new NotFoundError('invitation');
  return { kind: 'guest', invitation: { event, guest } };
}

/** How long a view waits for the bus to take its open. */
const OPEN_ANNOUNCE_TIMEOUT_MS = 300;

/**
 * A view of the invitation with an open to record puts `invitation.opened` on the bus (the
 * invitation-opens consumer records it): the GET itself writes nothing (issue 15). Awaited beside the
 * view's own reads, within a short timeout, and best effort: a lost open costs a point of an open rate,
 * never the guest's page, and the next view announces it again.
 */
export async function announceOpen({ event, guest }: Invitation, now: Date, log: Logger): Promise<void> {
  const open = pageOpenToRecord(guest);
  if (!open) return;
  const opened = invitationOpenedEvent({ event_id: event.id, guest_id: guest.id, ...open }, now);
  try {
    const accepted = await putDomainEvents({ events: [opened], abortSignal: AbortSignal.timeout(OPEN_ANNOUNCE_TIMEOUT_MS) });
    if (!accepted.has(opened.id)) log.warn('invitation open not announced', { eventId: event.id, reason: 'refused by the bus' });
  } catch (error) {
    log.warn('invitation open not announced', { eventId: event.id, reason: error instanceof Error ? error.name : 'unknown' });
  }
}

/**
 * The host's name as guests see it, kept per container for a minute: every guest of an event asks for the
 * same one, and reading the organizer's account on each answer was a call of its own. A rename (or a
 * deleted account) shows on the guests' pages within the minute; a new organizer (a transfer) at once,
 * since the name is kept by organizer id. Bounded: past MAX_HOST_NAMES hosts it starts afresh.
 */
const HOST_NAME_KEPT_MS = 60_000;
const MAX_HOST_NAMES = 1_000;
const hostNames = new Map<string, { name: string | null; readAtMs: number }>();

async function hostName(event: EventRecord, now: Date): Promise<string | null> {
  const kept = hostNames.get(event.organizer_id);
  if (kept && now.getTime() - kept.readAtMs < HOST_NAME_KEPT_MS) return kept.name;
  const host = await getUser(event.organizer_id);
  const name = host ? host.full_name || host.username : null;
  if (hostNames.size >= MAX_HOST_NAMES) hostNames.clear();
  hostNames.set(event.organizer_id, { name, readAtMs: now.getTime() });
  return name;
}

/** The event's custom questions; none read when it has none. */
const questionsOf = (event: EventRecord) => ((event.question_count ?? 0) > 0 ? listQuestions(event.id) : Promise.resolve([]));

/**
 * The guest's invitation with their check-in code: what the door scans, while they attend (docs/check-in.md);
 * and for a party member, their party's per_party answers, read-only (docs/questions.md, "Per-party questions").
 */
export type GuestInvitationView = InvitationView & { check_in_code: string | null; party: InvitationPartyAnswers | null };

/** A party member's party answers: one GetItem of the party, only for a member of a party at an event with per_party questions. */
async function partyAnswersOf(event: EventRecord, guest: GuestRecord, questions: QuestionRecord[]): Promise<InvitationPartyAnswers | null> {
  if (!guest.party_id || !showsPartyAnswers(guest, questions)) return null;
  const party = await getPartyAnswers(event.id, guest.party_id);
  return party ? partyAnswersView(questions, party) : null;
}

/** The event's questions, then (when the guest's page shows them) the party's answers: one more read only then. */
const questionsAndPartyOf = async (event: EventRecord, guest: GuestRecord) => {
  const questions = await questionsOf(event);
  return { questions, party: await partyAnswersOf(event, guest, questions) };
};

/** An attending guest's current check-in code; none for anyone else. */
const checkInCodeOf = async (guest: GuestRecord): Promise<string | null> => (guest.rsvp_status === 'yes' ? currentCheckInCode(guest) : null);

export async function viewOf({ event, guest }: Invitation, now: Date): Promise<GuestInvitationView> {
  const [host, { questions, party }, subEvents, checkInCode] = await Promise.all([hostName(event, now), questionsAndPartyOf(event, guest), guestSubEvents(event, guest.id), checkInCodeOf(guest)]);
  return { ...invitationView(event, guest, host, now, questions, subEvents), check_in_code: checkInCode, party };
}

/** Records the guest's answer (shared/data/sub-events/answers.ts); refusals become 409 rsvp_closed / capacity_exceeded, 400 for plus-ones. */
export async function answerInvitation(invitation: Invitation, input: RsvpInput, now: Date): Promise<{ view: GuestInvitationView; changed: boolean }> {
  const [result, host] = await Promise.all([
    recordGuestAnswer(invitation, input, { now, by: 'guest', actorId: `guest:${invitation.guest.id}` }),
    hostName(invitation.event, now),
  ]);
  if (result.outcome === 'closed') throw new ConflictError('rsvp_closed', 'Answers to this invitation are closed.');
  if (result.outcome === 'capacity_exceeded') throw capacityRefusal(result.subEventTitles, 'The event is full; there is no seat for this answer.');
  if (result.outcome === 'invalid') throw new ValidationError(result.problems);
  const [subEvents, party] = await Promise.all([result.subEvents ?? guestSubEvents(result.event, result.guest.id), partyAnswersOf(result.event, result.guest, result.questions)]);
  const view = { ...invitationView(result.event, result.guest, host, now, result.questions, subEvents), check_in_code: await checkInCodeOf(result.guest), party };
  return { view, changed: result.outcome === 'saved' };
}
