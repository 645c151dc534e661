import type { ProblemReason } from '../guest-problems/reasons.ts';
import { hasChoices, MAX_TEXT_ANSWER, optionIdsOf, type Problem, type QuestionRecord } from './definitions.ts';

/**
 * A guest's answers to the custom questions, checked against the definitions as read, and what they add
 * to each question's counters. Choice answers are stored as lists of option ids (one for single_choice)
 * and yes_no as a boolean, so a stored answer alone says which counters it holds: deleting a guest takes
 * its answers out of the counts without reading the questions.
 */
export type StoredAnswer = string[] | string | number | boolean;
export type StoredAnswers = Record<string, StoredAnswer>;
/** As the JSON route and the form give it: null (or an empty text / list) clears an optional answer. */
export type AnswerInput = Record<string, string | string[] | number | boolean | null>;

/**
/**
 * The guest's answer per sub-event they are invited to, by sub-event id (`pending`, `yes`, `no`,
 * `waitlisted`); a sub-event they are not invited to is absent.
 */
export type SubEventStatuses = ReadonlyMap<string, string>;

/** A sub-event's question is part of this guest's invitation only when they are invited to that sub-event. */
export const isOnInvitation = (question: Pick<QuestionRecord, 'sub_event_id'>, subEvents: SubEventStatuses = new Map()): boolean =>
  question.sub_event_id === undefined || subEvents.has(question.sub_event_id);

/**
 * Who answers (docs/questions.md, "Audience"): a guest in no party (a party of one: every question), a
 * member of a party (`per_party` questions are the party's, not theirs), or the party itself (only its
 * `per_party` questions, stored on the party record).
 */
export type AnswerScope = 'guest' | 'party_member' | 'party';

/**
 * THE rule of whom a question is asked (docs/questions.md): `per_party` questions once per party (by the
 * party, or by a guest in none); a question of the whole event of every guest, a sub-event's question only
 * of guests invited to that sub-event; attending-only questions only with a yes (to the event, or for a
 * sub-event's question to that sub-event; a guest waiting for a seat said yes).
 */
export function isAsked(question: Pick<QuestionRecord, 'audience' | 'sub_event_id'>, status: string, subEvents: SubEventStatuses = new Map(), scope: AnswerScope = 'guest'): boolean {
  if (scope === 'party') return question.audience === 'per_party';
  if (question.audience === 'per_party' && scope === 'party_member') return false;
  if (question.sub_event_id === undefined) return question.audience !== 'attending' || status === 'yes';
  const answer = subEvents.get(question.sub_event_id);
  if (answer === undefined) return false;
  return question.audience !== 'attending' || answer === 'yes' || answer === 'waitlisted';
}

/** Why a question given here is not this answerer's to answer (null: it is, or it is simply not asked with this answer). */
function notTheirs(question: Pick<QuestionRecord, 'audience'>, scope: AnswerScope): { message: string; reason: ProblemReason } | null {
  if (scope === 'party_member' && question.audience === 'per_party') return { message: "Answered once for the party: on the party's link, in its answers", reason: { code: 'party_question' } };
  if (scope === 'party' && question.audience !== 'per_party') return { message: 'Asked of each member: answer it in members.<i>.answers', reason: { code: 'member_question' } };
  return null;
}

/** The option ids a stored answer counts under. */
export function choicesOf(answer: StoredAnswer | undefined): string[] {
  if (Array.isArray(answer)) return answer;
  if (typeof answer === 'boolean') return [answer ? 'yes' : 'no'];
  return [];
}

function checkOne(question: QuestionRecord, value: string | string[] | number | boolean, stored: StoredAnswer | undefined): { answer: StoredAnswer | null } | { problem: string; reason: ProblemReason } {
  if (hasChoices(question.kind)) {
    const list = (Array.isArray(value) ? value : [value]).map((item) => (typeof item === 'string' ? item.trim() : item));
    if (list.some((item) => typeof item !== 'string')) return { problem: 'Give option ids', reason: { code: 'not_an_option' } };
    const ids = [...new Set(list as string[])].filter(Boolean);
    if (ids.length === 0) return { answer: null };
    if (question.kind === 'single_choice' && ids.length > 1) return { problem: 'Choose one option', reason: { code: 'choose_one' } };
    const known = new Set(optionIdsOf(question));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) return { problem: `Not an option: ${unknown.join(', ')} (choose from ${optionIdsOf(question).join(', ')})`, reason: { code: 'not_an_option' } };
    const held = new Set(choicesOf(stored));
    const retired = ids.filter((id) => question.options.find((option) => option.id === id)?.retired && !held.has(id));
    if (retired.length > 0) return { problem: `No longer offered: ${retired.join(', ')}`, reason: { code: 'no_longer_offered' } };
    return { answer: ids };
  }
  if (question.kind === 'yes_no') {
    if (typeof value === 'boolean') return { answer: value };
    const word = String(value).trim().toLowerCase();
    if (word === '') return { answer: null };
    if (['yes', 'true'].includes(word)) return { answer: true };
    if (['no', 'false'].includes(word)) return { answer: false };
    return { problem: 'Answer yes or no', reason: { code: 'yes_or_no' } };
  }
  if (question.kind === 'number') {
    if (typeof value === 'string' && value.trim() === '') return { answer: null };
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
    if (!Number.isFinite(number)) return { problem: 'Give a number', reason: { code: 'not_a_number' } };
    return { answer: number };
  }
  if (typeof value !== 'string') return { problem: 'Give a text', reason: { code: 'not_a_text' } };
  const text = value.trim();
  if (text.length > MAX_TEXT_ANSWER) return { problem: `At most ${MAX_TEXT_ANSWER} characters`, reason: { code: 'text_too_long', max: MAX_TEXT_ANSWER } };
  return { answer: text === '' ? null : text };
}

/**
 * The answers after this submission: given answers replace, null clears, absent keeps; answers to
 * attending-only questions are dropped when the answer is not yes (the page does not ask them then);
 * every asked, required question must hold an answer afterwards. All problems at once, by path.
 * A party member's `per_party` answers are not theirs to give (a 400 by path) and one stored before
 * their party existed is kept as it is (migration 0007 moves it to the party); a party answers only those.
 */
export function planAnswers(
  questions: QuestionRecord[],
  stored: StoredAnswers | undefined,
  input: AnswerInput | undefined,
  status: string,
  subEvents?: SubEventStatuses,
  scope: AnswerScope = 'guest',
): { answers: StoredAnswers } | { problems: Problem[] } {
  // A sub-event's question is not on the invitation of a guest not invited to it: the same words as an unknown one.
  // Without the guest's sub-events read (a caller that does not answer them), their questions' answers stay as they are.
  const byId = new Map(questions.filter((question) => subEvents === undefined || isOnInvitation(question, subEvents)).map((question) => [question.id, question]));
  const problems: Problem[] = Object.keys(input ?? {}).filter((id) => !byId.has(id)).map((id) => ({ path: `answers.${id}`, message: 'No such question on this invitation', reason: { code: 'not_on_invitation' } }));
  const answers: StoredAnswers = {};
  for (const question of [...questions].sort((a, b) => a.id.localeCompare(b.id))) {
    const refusal = notTheirs(question, scope);
    if (refusal) {
      if (input?.[question.id] !== undefined) problems.push({ path: `answers.${question.id}`, ...refusal });
      const kept = stored?.[question.id];
      if (scope === 'party_member' && kept !== undefined) answers[question.id] = kept;
      continue;
    }
    if (subEvents === undefined && question.sub_event_id !== undefined) {
      const held = stored?.[question.id];
      if (held !== undefined) answers[question.id] = held;
      continue;
    }
    if (!isAsked(question, status, subEvents, scope)) continue;
    const given = input?.[question.id];
    let answer: StoredAnswer | null | undefined = stored?.[question.id];
    if (given === null) answer = null;
    else if (given !== undefined) {
      const checked = checkOne(question, given, answer ?? undefined);
      if ('problem' in checked) {
        problems.push({ path: `answers.${question.id}`, message: checked.problem, reason: checked.reason });
        continue;
      }
      answer = checked.answer;
    }
    if (answer === null || answer === undefined) {
      if (question.required) problems.push({ path: `answers.${question.id}`, message: `Required: ${question.label}`, reason: { code: 'required' } });
    } else answers[question.id] = answer;
  }
  return problems.length > 0 ? { problems } : { answers };
}

/** Answers in question-id order, so two equal sets of answers compare equal however they were read. */
export const canonicalAnswers = (answers: StoredAnswers | undefined): StoredAnswers | undefined =>
  answers && Object.fromEntries(Object.entries(answers).sort(([a], [b]) => a.localeCompare(b)));

/** How one question's counters move: guests holding an answer, and per option. */
export type AnswerCounterDelta = { answers: number; choices: Record<string, number> };

/** The counter moves of a guest going from `before` to `after` answers (null: no guest), only non-zero ones. */
export function answerCounterDelta(before: StoredAnswers | undefined | null, after: StoredAnswers | undefined | null): Map<string, AnswerCounterDelta> {
  const deltas = new Map<string, AnswerCounterDelta>();
  const move = (answers: StoredAnswers | undefined | null, sign: 1 | -1) => {
    for (const [questionId, answer] of Object.entries(answers ?? {})) {
      const delta = deltas.get(questionId) ?? { answers: 0, choices: {} };
      delta.answers += sign;
      for (const choice of choicesOf(answer)) delta.choices[choice] = (delta.choices[choice] ?? 0) + sign;
      deltas.set(questionId, delta);
    }
  };
  move(before, -1);
  move(after, 1);
  for (const [questionId, delta] of deltas) {
    delta.choices = Object.fromEntries(Object.entries(delta.choices).filter(([, count]) => count !== 0));
    if (delta.answers === 0 && Object.keys(delta.choices).length === 0) deltas.delete(questionId);
  }
  return deltas;
}

/** The counter moves of several guests changing at once (a party's answer), summed per question: one ADD per question. */
export function summedAnswerCounterDelta(changes: { before: { answers?: StoredAnswers } | null; after: { answers?: StoredAnswers } | null }[]): Map<string, AnswerCounterDelta> {
  const total = new Map<string, AnswerCounterDelta>();
  for (const { before, after } of changes) {
    for (const [questionId, delta] of answerCounterDelta(before?.answers, after?.answers)) {
      const sum = total.get(questionId) ?? { answers: 0, choices: {} };
      sum.answers += delta.answers;
      for (const [choice, count] of Object.entries(delta.choices)) sum.choices[choice] = (sum.choices[choice] ?? 0) + count;
      total.set(questionId, sum);
    }
  }
  for (const [questionId, delta] of total) {
    delta.choices = Object.fromEntries(Object.entries(delta.choices).filter(([, count]) => count !== 0));
    if (delta.answers === 0 && Object.keys(delta.choices).length === 0) total.delete(questionId);
  }
  return total;
}

/** What the question counters must equal: a recount of the stored answers of the guests and of the parties (their per_party answers). */
export function recountAnswers(guests: { answers?: StoredAnswers }[]): Map<string, AnswerCounterDelta> {
  const total = new Map<string, AnswerCounterDelta>();
  for (const guest of guests) {
    for (const [questionId, delta] of answerCounterDelta(null, guest.answers)) {
      const sum = total.get(questionId) ?? { answers: 0, choices: {} };
      sum.answers += delta.answers;
      for (const [choice, count] of Object.entries(delta.choices)) sum.choices[choice] = (sum.choices[choice] ?? 0) + count;
      total.set(questionId, sum);
    }
  }
  return total;
}

/** The `per_party` answers among a guest's stored answers (a guest joining a party gives them up: the party's answer speaks for them). */
export function perPartyAnswersOf(questions: Pick<QuestionRecord, 'id' | 'audience'>[], answers: StoredAnswers | undefined): StoredAnswers {
  const perParty = new Set(questions.filter((question) => question.audience === 'per_party').map((question) => question.id));
  return Object.fromEntries(Object.entries(answers ?? {}).filter(([id]) => perParty.has(id)));
}

/** The answers without these question ids, or undefined when none is left (as a guest record keeps them). */
export function withoutAnswers(answers: StoredAnswers | undefined, ids: string[]): StoredAnswers | undefined {
  const left = Object.fromEntries(Object.entries(answers ?? {}).filter(([id]) => !ids.includes(id)));
  return Object.keys(left).length > 0 ? left : undefined;
}
