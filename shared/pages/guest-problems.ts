import type { ProblemCode, ProblemReason } from '../domain/guest-problems/reasons.ts';
import type { PartyInvitationView } from '../domain/rsvp/view.ts';
import { type FieldProblem, type HttpError, SubEventsFullError } from '../http/errors.ts';
import type { Messages } from '../i18n/messages.ts';

/**
 * A refused answer's problems in the page's language (docs/guest-languages.md): each problem by its
 * reason's code (shared/domain/guest-problems/reasons.ts), after the name of the field it concerns as the
 * page labels it (a question by its label, a sub-event by its title). The English `message` the JSON API
 * answers is never read; a problem without a reason reads as `invalid`.
 */
export type ProblemPlaces = {
  questions: readonly { id: string; label: string }[];
  subEvents: readonly { id: string; title: string }[];
};

type ReasonWords = Messages['refusals']['reasons'];

/** The words of one reason (the catalogue holds one entry per code: a new code is a TypeScript error until it is worded). */
export function reasonText(reason: ProblemReason | undefined, words: Messages): string {
  const said: ReasonWords & Record<ProblemCode, unknown> = words.refusals.reasons;
  if (!reason) return said.invalid;
  switch (reason.code) {
    case 'text_too_long': return said.text_too_long(reason.max);
    case 'number_too_small': return said.number_too_small(reason.min);
    case 'number_too_large': return said.number_too_large(reason.max);
    case 'too_many_items': return said.too_many_items(reason.max);
    case 'too_many_plus_ones': return said.too_many_plus_ones(reason.max);
    default: return said[reason.code];
  }
}

/** The page's name of the field at `path` (`answers.<question>`, `sub_events.<sub-event>`, `dietary_restrictions.0`, ...). */
export function fieldName(path: string, places: ProblemPlaces, words: Messages): string {
  const [head, id] = path.split('.');
  const { page } = words;
  switch (head) {
    case 'status':
    case 'rsvp_status':
      return page.yourAnswerLegend;
    case 'plus_one_count':
    case 'plus_ones':
      return page.plusOnes;
    case 'dietary_restrictions':
      return page.dietary;
    case 'special_needs':
      return page.specialNeeds;
    case 'note':
    case 'rsvp_note':
      return page.yourNote;
    case 'email':
      return page.email;
    case 'phone':
      return page.phone;
    case 'answers':
      return places.questions.find((question) => question.id === id)?.label ?? words.refusals.someQuestion;
    case 'sub_events':
      return places.subEvents.find((subEvent) => subEvent.id === id)?.title ?? page.subEvents;
    default:
      return page.yourAnswerLegend;
  }
}

/** One problem as the page says it: "Menu: an answer is required". */
export const problemText = (problem: FieldProblem, places: ProblemPlaces, words: Messages): string =>
  words.refusals.problem(fieldName(problem.path, places, words), reasonText(problem.reason, words));

/** The places of a guest's page: the event's questions, the sub-events' questions and the sub-events. */
export function placesOf(view: { questions: readonly { id: string; label: string }[]; sub_events: readonly { id: string; title: string; questions: readonly { id: string; label: string }[] }[] }): ProblemPlaces {
  return { questions: [...view.questions, ...view.sub_events.flatMap((subEvent) => subEvent.questions)], subEvents: view.sub_events };
}

/**
 * Problems by member name, in the page's words (`members.1.answers.meal` → "Grace: Menu: an answer is required"),
 * `postedIds` the members in the posted order; the party's own questions (per_party, `answers.<id>`) by the party's name.
 */
export function memberProblems(view: PartyInvitationView, postedIds: string[], problems: FieldProblem[], words: Messages): string {
  return problems.map((problem) => {
    if (problem.path.startsWith('answers.')) return words.party.problemFor(view.party.name, problemText(problem, { questions: view.questions, subEvents: [] }, words));
    const [, index, ...rest] = problem.path.split('.');
    const member = problem.path.startsWith('members.') ? view.members.find((candidate) => candidate.guest_id === postedIds[Number(index)]) : undefined;
    if (!member) return problemText(problem, { questions: [], subEvents: [] }, words);
    const places = placesOf({ questions: view.questions, sub_events: member.sub_events });
    return words.party.problemFor(member.name, problemText({ ...problem, path: rest.join('.') }, places, words));
  }).join('; ');
}

/** A refusal of the guest's own answer in the page's words, by the error's code and its problems' reasons. */
export function refusal(error: HttpError, words: Messages, places: ProblemPlaces): string {
  if (error instanceof SubEventsFullError) return words.refusals.subEventsFull(error.subEventTitles.join(', '));
  if (error.code === 'capacity_exceeded') return words.page.full;
  if (error.code === 'rsvp_closed') return words.page.closedRefusal;
  if (error.code === 'duplicate_guest') return words.page.emailTaken;
  const problems = error.extra.errors ?? [];
  return words.page.checkAnswer(problems.length > 0 ? problems.map((problem) => problemText(problem, places, words)).join('; ') : words.refusals.reasons.invalid);
}
