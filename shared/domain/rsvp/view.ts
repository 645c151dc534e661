import { DateTime } from 'luxon';
import type { EventRecord } from '../events/rules.ts';
import { type GuestRecord, plusOneAllowance, type RsvpStatus } from '../guests/rules.ts';
import { isLocalMidnight, spokenDate, spokenDateTime } from '../../i18n/format.ts';
import type { Language } from '../../i18n/languages.ts';
import { choicesOf, type StoredAnswers } from '../questions/answers.ts';
import { inPageOrder, type QuestionAudience, type QuestionKind, type QuestionRecord } from '../questions/definitions.ts';
import { isRsvpOpen, rsvpClosesAt } from './deadline.ts';
import { type GuestSubEventView, guestSubEventsView, type SubEventInvitation, type SubEventRecord } from '../sub-events/rules.ts';

/**
 * What a guest with an invitation code may see: the event, who hosts it, and their own answer. Nothing
 * about other guests, and not even the guest's own contact details (a forwarded link shows none).
 */
export type InvitationView = {
  event: {
    name: string;
    description: string | null;
    event_date: string;
    timezone: string;
    /** The date and time on the wall clock of the event's place. */
    local_date: string;
    local_time: string;
    location_name: string | null;
    location_address: string | null;
    host_name: string | null;
    status: string;
  };
  guest: {
    name: string;
    rsvp_status: RsvpStatus;
    rsvp_date: string | null;
    plus_one_allowed: boolean;
    plus_one_limit: number;
    plus_one_count: number;
    dietary_restrictions: string[];
    special_needs: string | null;
    rsvp_note: string | null;
    /** The guest's answers to the questions, by question id. */
    answers: StoredAnswers;
  };
  /** The event's custom questions in page order, with the options the guest may choose (and a retired one they hold). */
  questions: InvitationQuestion[];
  /** The sub-events the guest is invited to, in schedule order, with their answer to each and the questions asked in each; no other sub-event appears. */
  sub_events: InvitationSubEvent[];
  rsvp_open: boolean;
  rsvp_closes_at: string | null;
};

/** A sub-event on a guest's invitation, with the questions asked in its section (docs/questions.md, "Sub-events"). */
export type InvitationSubEvent = GuestSubEventView & { questions: InvitationQuestion[] };

/** The questions of the whole event: a sub-event's own are asked in its section. */
const eventWideQuestions = (questions: QuestionRecord[]): QuestionRecord[] => questions.filter((question) => question.sub_event_id === undefined);

/** The guest's sub-events, each with its questions in page order (a guest sees a sub-event's questions only when invited to it). */
function withSubEventQuestions(subEvents: GuestSubEventView[], questions: QuestionRecord[], held: StoredAnswers): InvitationSubEvent[] {
  return subEvents.map((subEvent) => ({
    ...subEvent,
    questions: inPageOrder(questions.filter((question) => question.sub_event_id === subEvent.id)).map((question) => questionView(question, held)),
  }));
}

export type InvitationQuestion = {
  id: string;
  kind: QuestionKind;
  label: string;
  required: boolean;
  audience: QuestionAudience;
  options: { id: string; label: string }[];
};

function questionView(question: QuestionRecord, held: StoredAnswers): InvitationQuestion {
  const chosen = new Set(choicesOf(held[question.id]));
  return {
    id: question.id,
    kind: question.kind,
    label: question.label,
    required: question.required,
    audience: question.audience,
    options: question.options.filter((option) => !option.retired || chosen.has(option.id)).map(({ id, label }) => ({ id, label })),
  };
}

/** The questions as a party's page asks them of every member: a retired option stays offered where any member holds it. */
export function partyQuestionViews(questions: QuestionRecord[], held: StoredAnswers[]): InvitationQuestion[] {
  const merged: StoredAnswers = {};
  for (const question of questions) merged[question.id] = held.flatMap((answers) => choicesOf(answers[question.id]));
  return inPageOrder(questions).map((question) => questionView(question, merged));
}

/**
 * A party's invitation: the event once, the questions asked of each member, every member's own answer and
 * the sub-events that member is invited to (each member sees only their own; no contact details).
 */
export type PartyInvitationView = Omit<InvitationView, 'guest' | 'sub_events'> & {
  party: { name: string };
  /** The party's own answers to the `per_party` questions (asked once for the party, not per member), by question id. */
  answers: StoredAnswers;
  members: (InvitationView['guest'] & { guest_id: string; plus_ones: { name: string; dietary_restrictions: string[] }[]; sub_events: InvitationSubEvent[] })[];
};

/** The event's sub-events and each member's invitations to them, by guest id. */
export type PartySubEvents = { subEvents: SubEventRecord[]; invitationsByGuest: Map<string, SubEventInvitation[]> };

export function partyInvitationView(
  event: EventRecord, party: { name: string; answers?: StoredAnswers }, members: GuestRecord[], questions: QuestionRecord[], now: Date,
  subEvents: PartySubEvents = { subEvents: [], invitationsByGuest: new Map() },
): PartyInvitationView {
  return {
    ...invitationEventView(event, null, now),
    party: { name: party.name },
    answers: party.answers ?? {},
    questions: partyQuestionViews(eventWideQuestions(questions), [party.answers ?? {}, ...members.map((member) => member.answers ?? {})]),
    members: members.map((member) => ({
      guest_id: member.id, ...guestAnswerView(member), plus_ones: member.plus_ones ?? [],
      sub_events: withSubEventQuestions(guestSubEventsView(subEvents.subEvents, subEvents.invitationsByGuest.get(member.id) ?? []), questions, member.answers ?? {}),
    })),
  };
}

export function invitationView(
  event: EventRecord, guest: GuestRecord, hostName: string | null, now: Date, questions: QuestionRecord[] = [],
  subEvents: { subEvents: SubEventRecord[]; invitations: SubEventInvitation[] } = { subEvents: [], invitations: [] },
): InvitationView {
  return {
    ...invitationEventView(event, hostName, now),
    guest: guestAnswerView(guest),
    // A party member's own link does not ask the party's per_party questions (its party's link does, once).
    questions: inPageOrder(eventWideQuestions(questions)).filter((question) => !guest.party_id || question.audience !== 'per_party')
      .map((question) => questionView(question, guest.answers ?? {})),
    sub_events: withSubEventQuestions(guestSubEventsView(subEvents.subEvents, subEvents.invitations), questions, guest.answers ?? {}),
  };
}

/** A party member's view of their party's per_party answers: read-only on their own link (the party's link answers them). */
export type InvitationPartyAnswers = { name: string; questions: InvitationQuestion[]; answers: StoredAnswers };

/** The per_party questions of the whole event (a per_party question never belongs to a sub-event). */
const perPartyQuestions = (questions: QuestionRecord[]): QuestionRecord[] => eventWideQuestions(questions).filter((question) => question.audience === 'per_party');

/** Whether a guest's page shows their party's answers: a member of a party, at an event with per_party questions (only then is the party read). */
export const showsPartyAnswers = (guest: Pick<GuestRecord, 'party_id'>, questions: QuestionRecord[]): boolean =>
  guest.party_id !== undefined && perPartyQuestions(questions).length > 0;

/** The party's per_party questions in page order (a retired option the party holds stays named) and its answers. */
export function partyAnswersView(questions: QuestionRecord[], party: { name: string; answers?: StoredAnswers }): InvitationPartyAnswers {
  const answers = party.answers ?? {};
  const asked = inPageOrder(perPartyQuestions(questions));
  const askedIds = new Set(asked.map((question) => question.id));
  return {
    name: party.name,
    questions: asked.map((question) => questionView(question, answers)),
    answers: Object.fromEntries(Object.entries(answers).filter(([id]) => askedIds.has(id))),
  };
}

/** The invitation without its guest: the event and whether answers are open (a party's page shows it once). */
export function invitationEventView(event: EventRecord, hostName: string | null, now: Date): Omit<InvitationView, 'guest' | 'questions' | 'sub_events'> {
  const local = DateTime.fromISO(event.event_date, { zone: 'utc' }).setZone(event.timezone);
  return {
    event: {
      name: event.name,
      description: event.description ?? null,
      event_date: event.event_date,
      timezone: event.timezone,
      local_date: local.toISODate() as string,
      local_time: local.toFormat('HH:mm'),
      location_name: event.location_name ?? null,
      location_address: event.location_address ?? null,
      host_name: hostName,
      status: event.status,
    },
    rsvp_open: isRsvpOpen(event, now),
    rsvp_closes_at: rsvpClosesAt(event),
  };
}

/** A guest's own answer as they (or their party) see it. */
export function guestAnswerView(guest: GuestRecord): InvitationView['guest'] {
  return {
    name: guest.name,
    rsvp_status: guest.rsvp_status,
    rsvp_date: guest.rsvp_date ?? null,
    plus_one_allowed: plusOneAllowance(guest) > 0,
    plus_one_limit: plusOneAllowance(guest),
    plus_one_count: guest.plus_one_count,
    dietary_restrictions: guest.dietary_restrictions,
    special_needs: guest.special_needs ?? null,
    rsvp_note: guest.rsvp_note ?? null,
    answers: guest.answers ?? {},
  };
}

/**
 * The last day to answer, as an email says it in the event's zone and the reader's language: `Monday,
 * 1 March 2027`. A deadline at local midnight closes the day before (that day is the last to reply on: the
 * day of the instant a millisecond earlier); any other time is named too.
 */
export function spokenReplyBy(event: { event_date: string; timezone: string; rsvp_deadline?: string }, language: Language): string | null {
  const closesAt = rsvpClosesAt(event);
  if (!closesAt) return null;
  if (!isLocalMidnight(closesAt, event.timezone)) return spokenDateTime(closesAt, event.timezone, language);
  return spokenDate(new Date(Date.parse(closesAt) - 1).toISOString(), event.timezone, language);
}
