import { diffFields, type FieldChange } from '../../data/audit.ts';
import type { EventRecord } from '../events/rules.ts';
import { type GuestRecord, headcountOf, plusOneAllowance, type PlusOne, type RsvpAnswer } from '../guests/rules.ts';
import { type AnswerInput, canonicalAnswers, planAnswers, type SubEventStatuses } from '../questions/answers.ts';
import type { Problem, QuestionRecord } from '../questions/definitions.ts';
import { isRsvpOpen } from './deadline.ts';
import type { SubEventAnswer } from '../sub-events/rules.ts';

/**
 * What an answer does to a guest, decided from the guest and the event as read; the write then commits
 * only if what it relied on still holds (the guest's version, the seats left), else it is planned again
 * from a fresh read. Capacity counts guests plus their plus-ones; a yes that does not fit is refused, or
 * waitlisted when the event keeps a waitlist. Nobody overtakes the waitlist: while guests wait, a new yes
 * joins the queue and seats go to the queue in order (see planPromotion).
 */
export type RsvpInput = {
  status: RsvpAnswer;
  plus_one_count?: number;
  /** The plus-ones by name; when given, their number is the plus_one_count. */
  plus_ones?: PlusOne[];
  dietary_restrictions?: string[];
  /** null clears. */
  special_needs?: string | null;
  note?: string | null;
  /** The guest's own contact details (their answer only, never a planner's): absent keeps; a null phone removes it. */
  contact?: { email?: string; phone?: string | null };
  /** Answers to the event's custom questions by question id: absent keeps all, a question left out keeps its answer, null clears it. */
  answers?: AnswerInput;
  /** The guest's own answers per sub-event they are invited to (docs/sub-events.md): recorded after the event's answer, in their own transaction. */
  sub_events?: Record<string, SubEventAnswer>;
  /**
   * Not from the request: the guest's answers per sub-event they are invited to, as they will be after
   * this answer (read by shared/data/sub-events/answers.ts), for the questions asked per sub-event.
   */
  subEventStatuses?: SubEventStatuses;
};

export type SeatNeed = { capacity: number; maxHeadcountBefore: number } | null;

export type RsvpPlan =
  | { outcome: 'closed' }
  | { outcome: 'invalid'; problems: Problem[] }
  | { outcome: 'unchanged' }
  | { outcome: 'capacity_exceeded' }
  | { outcome: 'change'; after: GuestRecord; changes: FieldChange[]; seatGuard: SeatNeed; requireEmptyWaitlist: boolean };

/** The answer fields an audit entry and a confirmation compare. */
export const answerFields = ['rsvp_status', 'plus_one_count', 'plus_ones', 'dietary_restrictions', 'special_needs', 'rsvp_note', 'answers'] as const;
/** The guest's contact fields their own answer may change; audited with it. */
export const contactFields = ['email', 'phone'] as const;

/**
 * The seat condition of a change: null when it takes no extra seat or the event has no capacity;
 * otherwise the stored headcount must be at most capacity minus the seats it adds.
 */
export function seatNeed(event: Pick<EventRecord, 'capacity'>, before: GuestRecord, after: GuestRecord): SeatNeed {
  const added = headcountOf(after) - headcountOf(before);
  if (added <= 0 || event.capacity === undefined) return null;
  return { capacity: event.capacity, maxHeadcountBefore: event.capacity - added };
}

export const fits = (event: EventRecord, before: GuestRecord, after: GuestRecord) =>
  event.capacity === undefined || event.attending_headcount - headcountOf(before) + headcountOf(after) <= event.capacity;

/**
 * The guest with the answer's own fields applied (plus-ones, dietary needs, note, contact, the answers
 * to the event's custom questions), before its status is decided; or every reason the answer is refused.
 * Named plus-ones set the count: one seat per name. `questions` are the event's custom questions as read
 * (none when it has none); null when the write does not carry answers to them (a party's answer, whose
 * transaction does not move the questions' counters): the guest's answers are then kept as they are.
 */
export function applyAnswerFields(guest: GuestRecord, input: RsvpInput, questions: QuestionRecord[] | null = []): GuestRecord | { outcome: 'invalid'; problems: Problem[] } {
  const allowance = plusOneAllowance(guest);
  const plusOnes = input.plus_ones?.length ?? input.plus_one_count ?? Math.min(guest.plus_one_count, allowance);
  const problems: Problem[] = [];
  if (plusOnes > allowance) {
    problems.push({ path: input.plus_ones ? 'plus_ones' : 'plus_one_count', message: allowance === 0 ? 'No plus-ones on this invitation' : `At most ${allowance} plus-ones on this invitation`, reason: { code: 'too_many_plus_ones', max: allowance } });
  }
  if (input.plus_ones && input.plus_one_count !== undefined && input.plus_one_count !== input.plus_ones.length) {
    problems.push({ path: 'plus_one_count', message: 'plus_one_count must equal the number of named plus_ones (or be left out)', reason: { code: 'plus_ones_mismatch' } });
  }
  const checked = questions === null ? { answers: guest.answers ?? {} } : questions.length > 0 || guest.answers
    ? planAnswers(questions, guest.answers, input.answers, input.status, input.subEventStatuses, guest.party_id ? 'party_member' : 'guest') : { answers: {} };
  if ('problems' in checked) problems.push(...checked.problems);
  if (problems.length > 0 || 'problems' in checked) return { outcome: 'invalid', problems };
  const answered: GuestRecord = {
    ...guest,
    plus_one_count: plusOnes,
    dietary_restrictions: input.dietary_restrictions ?? guest.dietary_restrictions,
    special_needs: input.special_needs === undefined ? guest.special_needs : input.special_needs ?? undefined,
    rsvp_note: input.note === undefined ? guest.rsvp_note : input.note ?? undefined,
  };
  // Names kept beyond a smaller count would be seats nobody counts: a count alone drops the names past it.
  const named = input.plus_ones ?? guest.plus_ones?.slice(0, plusOnes);
  if (named && named.length > 0) answered.plus_ones = named;
  else delete answered.plus_ones;
  if (Object.keys(checked.answers).length > 0) answered.answers = checked.answers;
  else delete answered.answers;
  if (input.contact?.email !== undefined) answered.email = input.contact.email;
  if (input.contact?.phone === null) delete answered.phone;
  else if (input.contact?.phone !== undefined) answered.phone = input.contact.phone;
  return answered;
}

export function planRsvp(event: EventRecord, guest: GuestRecord, input: RsvpInput, context: { now: Date; by: 'guest' | 'planner' }, questions: QuestionRecord[] = []): RsvpPlan {
  if (context.by === 'guest' && !isRsvpOpen(event, context.now)) return { outcome: 'closed' };
  const answered = applyAnswerFields(guest, input, questions);
  if ('outcome' in answered) return answered;
  const waitsInQueue = event.waitlist_enabled === true && (event.rsvp_waitlisted ?? 0) > 0;
  let requireEmptyWaitlist = false;
  if (input.status !== 'yes') {
    answered.rsvp_status = input.status;
    delete answered.waitlisted_at;
  } else if (guest.rsvp_status === 'waitlisted') {
    // Still waiting: keeps its place; promotion decides when a seat is free.
  } else {
    const asYes: GuestRecord = { ...answered, rsvp_status: 'yes' };
    const alreadyAttending = guest.rsvp_status === 'yes';
    if (fits(event, guest, asYes) && (alreadyAttending || !waitsInQueue)) {
      answered.rsvp_status = 'yes';
      requireEmptyWaitlist = !alreadyAttending && event.waitlist_enabled === true;
    } else if (!alreadyAttending && event.waitlist_enabled === true) {
      answered.rsvp_status = 'waitlisted';
      answered.waitlisted_at = context.now.toISOString();
    } else {
      return { outcome: 'capacity_exceeded' };
    }
  }
  const changes = diffFields({ ...guest, answers: canonicalAnswers(guest.answers) }, answered, [...answerFields, ...contactFields]);
  if (changes.length === 0) return { outcome: 'unchanged' };
  const after: GuestRecord = { ...answered, rsvp_date: context.now.toISOString(), updated_at: context.now.toISOString() };
  return { outcome: 'change', after, changes, seatGuard: seatNeed(event, guest, after), requireEmptyWaitlist };
}

/**
 * The first waiting guest takes a seat when their party fits; the queue is strict, so a large party at
 * the head holds back smaller ones behind it rather than being overtaken.
 */
export function planPromotion(event: EventRecord, head: GuestRecord, now: Date): { after: GuestRecord; seatGuard: SeatNeed; changes: FieldChange[] } | null {
  if (head.rsvp_status !== 'waitlisted') return null;
  const promoted: GuestRecord = { ...head, rsvp_status: 'yes', rsvp_date: now.toISOString(), updated_at: now.toISOString() };
  delete promoted.waitlisted_at;
  if (!fits(event, head, promoted)) return null;
  return { after: promoted, seatGuard: seatNeed(event, head, promoted), changes: diffFields(head, promoted, ['rsvp_status']) };
}

/** The seats a planner's edit takes must fit too (an attending guest bringing more plus-ones). */
export function editFits(event: EventRecord, before: GuestRecord, after: GuestRecord): boolean {
  return headcountOf(after) <= headcountOf(before) || fits(event, before, after);
}
