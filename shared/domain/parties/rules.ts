import { diffFields, type FieldChange } from '../../data/audit.ts';
import type { EventRecord } from '../events/rules.ts';
import { type GuestRecord, headcountOf } from '../guests/rules.ts';
import { type AnswerInput, canonicalAnswers, planAnswers, type StoredAnswers } from '../questions/answers.ts';
import type { Problem, QuestionRecord } from '../questions/definitions.ts';
import { isRsvpOpen } from '../rsvp/deadline.ts';
import { answerFields, applyAnswerFields, type RsvpInput, type SeatNeed } from '../rsvp/rules.ts';

/**
 * A party (household): guests who answer together on one link. Each member keeps their own record,
 * answer and link; the party item lists the members (so its page and the list's `party=` filter read them
 * by key) and holds the party's own link. A party's answer is ONE decision for its seats: all of them or
 * the party waits (`whole_party`), or as many members as fit in the order answered and the rest wait
 * (`as_many_as_fit`). It is written in one transaction under the seat guard, like a single guest's answer.
 */
export const MAX_PARTY_MEMBERS = 12;

export const partySeatings = ['whole_party', 'as_many_as_fit'] as const;
export type PartySeating = (typeof partySeatings)[number];

export type PartyRecord = {
  id: string;
  event_id: string;
  name: string;
  /** Member guest ids in the party's order (the page lists them so; as_many_as_fit seats them so). */
  member_ids: string[];
  seating: PartySeating;
  /** SHA-256 of the party link's code; the code itself is never stored. */
  code_hash: string;
  /** The party's answers to the event's `per_party` questions, by question id: asked once for the party, counted once (docs/questions.md). */
  answers?: StoredAnswers;
  created_at: string;
  updated_at: string;
  version: number;
};

export type MemberAnswer = { guest_id: string; input: RsvpInput };

export type MemberChange = { before: GuestRecord; after: GuestRecord; changes: FieldChange[] };

export type PartyPlan =
  | { outcome: 'closed' }
  | { outcome: 'invalid'; problems: Problem[] }
  | { outcome: 'unchanged' }
  | { outcome: 'capacity_exceeded' }
  | { outcome: 'change'; members: MemberChange[]; partyAnswers: PartyAnswersChange | null; seatGuard: SeatNeed; requireEmptyWaitlist: boolean };

/** The party's own answers (its per_party questions) before and after, when they change. */
export type PartyAnswersChange = { before: { answers?: StoredAnswers }; after: { answers?: StoredAnswers } };

const sameAnswers = (a: StoredAnswers | undefined, b: StoredAnswers | undefined) =>
  JSON.stringify(canonicalAnswers(a) ?? {}) === JSON.stringify(canonicalAnswers(b) ?? {});

/**
 * The party's answers to its per_party questions after this submission (`input`: by question id, as a
 * guest's `answers`): checked as a guest's are, problems by path `answers.<id>`. A required one must hold
 * an answer afterwards, whatever the members answer (as an every_guest question for a guest).
 */
export function planPartyAnswers(party: Pick<PartyRecord, 'answers'>, input: AnswerInput | undefined, questions: QuestionRecord[]): { change: PartyAnswersChange | null } | { problems: Problem[] } {
  if (questions.every((question) => question.audience !== 'per_party') && !input && !party.answers) return { change: null };
  const planned = planAnswers(questions, party.answers, input, 'yes', undefined, 'party');
  if ('problems' in planned) return planned;
  const after = Object.keys(planned.answers).length > 0 ? planned.answers : undefined;
  return { change: sameAnswers(party.answers, after) ? null : { before: { ...(party.answers ? { answers: party.answers } : {}) }, after: { ...(after ? { answers: after } : {}) } } };
}

const headcount = (guests: GuestRecord[]) => guests.reduce((sum, guest) => sum + headcountOf(guest), 0);

/**
 * Plans a party's answer from the members as read (and the event's custom questions as read: each
 * member's answers are checked against them). Members not answered keep what they had. A member
 * already attending or already waiting keeps that place; members newly saying yes are seated together
 * when the party's total fits and nobody waits ahead (or one by one under as_many_as_fit), else wait;
 * with no waitlist, a party that cannot be seated whole is refused whole.
 */
export function planPartyRsvp(
  event: EventRecord,
  party: Pick<PartyRecord, 'seating' | 'answers'>,
  members: GuestRecord[],
  answers: MemberAnswer[],
  context: { now: Date; by: 'guest' | 'planner' },
  questions: QuestionRecord[] = [],
  partyInput?: AnswerInput,
): PartyPlan {
  if (context.by === 'guest' && !isRsvpOpen(event, context.now)) return { outcome: 'closed' };
  const now = context.now.toISOString();
  const byId = new Map(members.map((member) => [member.id, member]));
  const planned = new Map<string, GuestRecord>();
  const newcomers: string[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [index, answer] of answers.entries()) {
    const member = byId.get(answer.guest_id);
    const problem = !member ? 'Not a member of this party' : seen.has(member.id) ? 'Answered twice' : null;
    if (!member || problem) {
      problems.push({ path: `members.${index}.guest_id`, message: problem as string });
      continue;
    }
    seen.add(member.id);
    // Each member's answers to the custom questions, checked as a guest's own answer checks them (docs/parties.md).
    const answered = applyAnswerFields(member, answer.input, questions);
    if ('outcome' in answered) {
      // Every member's problems at once, not only the first member's.
      problems.push(...answered.problems.map((problem) => ({ ...problem, path: `members.${index}.${problem.path}` })));
      continue;
    }
    if (answer.input.status !== 'yes') {
      answered.rsvp_status = answer.input.status;
      delete answered.waitlisted_at;
    } else if (member.rsvp_status !== 'yes' && member.rsvp_status !== 'waitlisted') {
      newcomers.push(member.id);
    }
    planned.set(member.id, answered);
  }
  const partyAnswers = planPartyAnswers(party, partyInput, questions);
  if ('problems' in partyAnswers) problems.push(...partyAnswers.problems);
  if (problems.length > 0 || 'problems' in partyAnswers) return { outcome: 'invalid', problems };
  const seated = seatNewcomers(event, party.seating, members, planned, newcomers, now);
  if (!seated) return { outcome: 'capacity_exceeded' };
  const changed: MemberChange[] = [];
  for (const member of members) {
    const after = planned.get(member.id);
    if (!after) continue;
    const changes = diffFields({ ...member, answers: canonicalAnswers(member.answers) }, after, answerFields);
    if (changes.length > 0) changed.push({ before: member, after: { ...after, rsvp_date: now, updated_at: now }, changes });
  }
  if (changed.length === 0 && !partyAnswers.change) return { outcome: 'unchanged' };
  const added = headcount(changed.map((change) => change.after)) - headcount(changed.map((change) => change.before));
  const seatGuard = added > 0 && event.capacity !== undefined ? { capacity: event.capacity, maxHeadcountBefore: event.capacity - added } : null;
  return { outcome: 'change', members: changed, partyAnswers: partyAnswers.change, seatGuard, requireEmptyWaitlist: seated.seatedNewcomer && event.waitlist_enabled === true };
}

/**
 * Decides the newcomers' statuses in `planned` (yes or waitlisted); false when the answer must be
 * refused: the members already attending grow past the capacity, or newcomers do not fit and there is no
 * waitlist (a party is never half seated without a waitlist to hold the rest).
 */
function seatNewcomers(
  event: EventRecord,
  seating: PartySeating,
  members: GuestRecord[],
  planned: Map<string, GuestRecord>,
  newcomers: string[],
  now: string,
): { seatedNewcomer: boolean } | false {
  const before = headcount(members);
  const afterOf = (id: string) => planned.get(id) ?? (members.find((member) => member.id === id) as GuestRecord);
  // Newcomers are counted as absent until seated; everyone else as planned.
  const wait = (id: string) => Object.assign(afterOf(id), { rsvp_status: 'waitlisted' as const, waitlisted_at: now });
  for (const id of newcomers) wait(id);
  const fits = () => event.capacity === undefined || event.attending_headcount - before + headcount(members.map((member) => afterOf(member.id))) <= event.capacity;
  if (!fits()) return false;
  const queueAhead = event.waitlist_enabled === true && (event.rsvp_waitlisted ?? 0) > 0;
  if (newcomers.length === 0) return { seatedNewcomer: false };
  if (!queueAhead) {
    const seat = (id: string) => {
      const guest = afterOf(id);
      guest.rsvp_status = 'yes';
      delete guest.waitlisted_at;
    };
    const unseat = (id: string) => wait(id);
    if (seating === 'whole_party') {
      newcomers.forEach(seat);
      if (fits()) return { seatedNewcomer: true };
      newcomers.forEach(unseat);
    } else {
      let seatedAny = false;
      for (const id of newcomers) {
        seat(id);
        if (fits()) seatedAny = true;
        else unseat(id);
      }
      if (seatedAny && (event.waitlist_enabled === true || newcomers.every((id) => afterOf(id).rsvp_status === 'yes'))) return { seatedNewcomer: true };
      newcomers.forEach(unseat);
    }
  }
  return event.waitlist_enabled === true ? { seatedNewcomer: false } : false;
}
