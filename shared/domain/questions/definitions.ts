import type { FieldProblem } from '../../http/errors.ts';
/**
 * Custom RSVP questions an organizer asks on the guest's page (docs/questions.md): the definition as
 * stored and the rules for changing it. Answers already given are never lost to an edit: an edit that
 * would orphan answers (removing a chosen option, changing the kind of an answered question, deleting an
 * answered question) is refused with 409 naming how many answers it would affect; retiring an option
 * instead keeps its answers and counts while new answers may no longer choose it.
 */
export const questionKinds = ['single_choice', 'multiple_choice', 'text', 'number', 'yes_no'] as const;
export type QuestionKind = (typeof questionKinds)[number];

/**
 * Whom a question is asked of: every guest; once per party (today every guest is a party of one, see
 * partyOf in answers.ts); or only guests whose answer is yes.
 */
export const questionAudiences = ['every_guest', 'per_party', 'attending'] as const;
export type QuestionAudience = (typeof questionAudiences)[number];

export type QuestionOption = {
  /** Stable, chosen by the organizer or made from the label: what answers store and the form posts. */
  id: string;
  label: string;
  /** A per-guest budget line priced by this question uses it for guests who chose this option (minor units of the event currency). */
  price_minor?: number;
  /** No longer offered: answers already given keep it and still count. */
  retired?: boolean;
};

export type QuestionRecord = {
  id: string;
  event_id: string;
  kind: QuestionKind;
  label: string;
  required: boolean;
  audience: QuestionAudience;
  /** Choices of single_choice and multiple_choice (yes_no has the fixed yes / no); empty for the others. */
  options: QuestionOption[];
  position: number;
  /** Asked only of guests invited to this sub-event (docs/questions.md, "Sub-events"); absent: the whole event. */
  sub_event_id?: string;
  /** Guests holding an answer to it, and per option the guests who chose it (kept by every answer's transaction). */
  answer_count: number;
  choice_counts: Record<string, number>;
  created_at: string;
  updated_at: string;
  version: number;
};

/** At most this many questions per event: one answer touches each question it changes in its transaction (100 items). */
export const MAX_QUESTIONS_PER_EVENT = 20;
export const MAX_OPTIONS_PER_QUESTION = 30;
export const MAX_TEXT_ANSWER = 500;

/** The options an answer may name: a choice question's, yes / no for yes_no. */
export function optionIdsOf(question: Pick<QuestionRecord, 'kind' | 'options'>): string[] {
  if (question.kind === 'yes_no') return ['yes', 'no'];
  return question.options.map((option) => option.id);
}

export const hasChoices = (kind: QuestionKind): boolean => kind === 'single_choice' || kind === 'multiple_choice';

/** An option id from a label: lower-case letters, digits and dashes (`Vegetarian (V)` → `vegetarian-v`). */
export const optionIdFrom = (label: string): string =>
  label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'option';

export type QuestionInput = {
  kind?: QuestionKind;
  label?: string;
  required?: boolean;
  audience?: QuestionAudience;
  options?: { id?: string; label: string; price?: number; retired?: boolean }[];
  position?: number;
  /** null moves the question back to the whole event. */
  sub_event_id?: string | null;
};

/** A problem by path; `reason` the stable code the guest's pages translate by (shared/domain/guest-problems/reasons.ts), never answered by the API. */
export type Problem = FieldProblem;

export type QuestionPlan =
  | { outcome: 'invalid'; problems: Problem[] }
  /** The edit would orphan answers already given: how many, and what it would remove. */
  | { outcome: 'destructive'; affected: number; problems: Problem[] }
  | { outcome: 'change'; question: QuestionRecord; removedOptions: string[]; kindChanged: boolean; subEventMoved: boolean };

/**
 * A new question (before null) or a change of one. `toMinor` converts an option's price in the event's
 * currency. Removing an option that answers chose, or changing the kind of an answered question, is
 * destructive; everything else (labels, order, required, audience, new or retired options) keeps every answer.
 */
export function planQuestion(
  before: QuestionRecord | null,
  input: QuestionInput,
  context: { id: string; eventId: string; now: string; position: number; toMinor: (major: number) => number },
): QuestionPlan {
  const kind = input.kind ?? before?.kind;
  const label = input.label ?? before?.label;
  const problems: Problem[] = [];
  if (!kind) problems.push({ path: 'kind', message: `Required: one of ${questionKinds.join(', ')}` });
  if (!label) problems.push({ path: 'label', message: 'Required' });
  const given = input.options?.map((option): QuestionOption => ({
    id: option.id ?? optionIdFrom(option.label),
    label: option.label,
    ...(option.price !== undefined ? { price_minor: context.toMinor(option.price) } : {}),
    ...(option.retired ? { retired: true } : {}),
  }));
  const options = given ?? (kind && hasChoices(kind) ? before?.options : undefined) ?? [];
  if (kind && hasChoices(kind) && options.filter((option) => !option.retired).length < 2) problems.push({ path: 'options', message: 'At least two options that are not retired' });
  if (kind && !hasChoices(kind) && input.options?.length) problems.push({ path: 'options', message: `A ${kind} question has no options` });
  const seen = new Set<string>();
  options.forEach((option, index) => {
    if (seen.has(option.id)) problems.push({ path: `options.${index}.id`, message: `Another option already has the id ${option.id}` });
    seen.add(option.id);
  });
  if (options.length > MAX_OPTIONS_PER_QUESTION) problems.push({ path: 'options', message: `At most ${MAX_OPTIONS_PER_QUESTION} options` });
  if (problems.length > 0 || !kind || !label) return { outcome: 'invalid', problems };
  const subEventId = input.sub_event_id === undefined ? before?.sub_event_id : input.sub_event_id ?? undefined;
  const audience = input.audience ?? before?.audience ?? 'every_guest';
  // A party answers once for all its members, who may be invited to different sub-events.
  if (audience === 'per_party' && subEventId) {
    return { outcome: 'invalid', problems: [{ path: input.audience === undefined ? 'sub_event_id' : 'audience', message: 'A per_party question belongs to the whole event, not to a sub-event' }] };
  }
  const kindChanged = before !== null && before.kind !== kind;
  // Answers were given by the guests of one sub-event (or the whole event): moving them elsewhere would ask others.
  const subEventMoved = before !== null && before.sub_event_id !== subEventId;
  const keptIds = new Set(optionIdsOf({ kind, options }));
  const removedOptions = before ? optionIdsOf(before).filter((id) => !keptIds.has(id)) : [];
  if (before) {
    const problems: Problem[] = [];
    if (subEventMoved && before.answer_count > 0) {
      problems.push({ path: 'sub_event_id', message: `${before.answer_count} answers were given to this question where it is asked now` });
    } else if (kindChanged && before.answer_count > 0) {
      problems.push({ path: 'kind', message: `${before.answer_count} answers were given to this ${before.kind} question` });
    } else {
      for (const id of removedOptions) {
        const count = before.choice_counts[id] ?? 0;
        if (count > 0) problems.push({ path: `options.${id}`, message: `${count} answers chose it: retire it instead (retired: true)` });
      }
    }
    const affected = kindChanged || subEventMoved ? before.answer_count : removedOptions.reduce((sum, id) => sum + (before.choice_counts[id] ?? 0), 0);
    if (affected > 0) return { outcome: 'destructive', affected, problems };
  }
  const question: QuestionRecord = {
    id: context.id,
    event_id: context.eventId,
    kind,
    label,
    required: input.required ?? before?.required ?? false,
    audience,
    options: hasChoices(kind) ? options : [],
    position: input.position ?? before?.position ?? context.position,
    ...(subEventId ? { sub_event_id: subEventId } : {}),
    answer_count: kindChanged ? 0 : before?.answer_count ?? 0,
    choice_counts: kindChanged ? {} : Object.fromEntries(Object.entries(before?.choice_counts ?? {}).filter(([id]) => keptIds.has(id))),
    created_at: before?.created_at ?? context.now,
    updated_at: context.now,
    version: (before?.version ?? 0) + 1,
  };
  return { outcome: 'change', question, removedOptions, kindChanged, subEventMoved };
}

/** Questions in the order the page asks them. */
export const inPageOrder = (questions: QuestionRecord[]): QuestionRecord[] =>
  [...questions].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
