import type { AnswerCounterDelta } from '../../domain/questions/answers.ts';
import { MAX_QUESTIONS_PER_EVENT, type QuestionRecord } from '../../domain/questions/definitions.ts';
import { queryChildren } from '../collection.ts';
import { eventKeys, childKeys } from '../keys.ts';
import { LIVE_EVENT_CONDITION } from '../events/live-event.ts';
import { type TransactItem, transactUnlessFirstFails } from '../transact.ts';

/**
 * Question items (`QUESTION#<id>` in the event's collection) with their answer counters: `answer_count`
 * and one `choice#<option id>` attribute per option, moved by ADD in each answer's own transaction
 * (answerCounterWrites), so the caterer's counts equal a recount of the guests' answers. The event item
 * keeps `question_count`, so an answer to an event without questions reads nothing more.
 */
const CHOICE_PREFIX = 'choice#';
const itemOnlyAttributes = ['pk', 'sk', 'type'];

export function questionFromItem(item: Record<string, unknown>): QuestionRecord {
  const choice_counts: Record<string, number> = {};
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(CHOICE_PREFIX)) choice_counts[name.slice(CHOICE_PREFIX.length)] = Number(value);
    else if (!itemOnlyAttributes.includes(name)) rest[name] = value;
  }
  return { ...(rest as Omit<QuestionRecord, 'choice_counts'>), answer_count: Number(rest.answer_count ?? 0), choice_counts };
}

const questionKey = (question: Pick<QuestionRecord, 'event_id' | 'id'>) => childKeys.item('question', question.event_id, question.id);

/** An event's questions (Query `QUESTION#` in EVENT#<id>, strong): at most MAX_QUESTIONS_PER_EVENT items. */
export async function listQuestions(eventId: string): Promise<QuestionRecord[]> {
  return (await queryChildren('question', eventId)).map(questionFromItem);
}

/** The definition's attributes a write replaces (never the counters: only answers move those). */
function definitionAttributes(question: QuestionRecord): Record<string, unknown> {
  const { answer_count: _answers, choice_counts: _choices, ...definition } = question;
  return definition;
}

/** A new question and the event's `question_count`, under the cap, in one transaction ('event_gone': gone or being deleted, or the cap reached meanwhile). */
export async function createQuestion(question: QuestionRecord, alsoWrite: TransactItem[]): Promise<'saved' | 'event_gone'> {
  const applied = await transactUnlessFirstFails([
    {
      Update: {
        Key: eventKeys.item(question.event_id),
        UpdateExpression: 'ADD question_count :one',
        ConditionExpression: `${LIVE_EVENT_CONDITION} AND (attribute_not_exists(question_count) OR question_count < :max)`,
        ExpressionAttributeValues: { ':one': 1, ':max': MAX_QUESTIONS_PER_EVENT },
      },
    },
    { Put: { Item: { ...questionKey(question), type: 'question', ...definitionAttributes(question), answer_count: 0 }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...alsoWrite,
  ]);
  return applied ? 'saved' : 'event_gone';
}

/**
 * A changed definition, only over the version read and only while the options it removes hold no answers
 * (and, for a change of kind, while nobody answered): an answer that lands first makes it 'stale', and
 * the caller reads again to name the answers affected.
 */
export async function saveQuestionChange(
  before: QuestionRecord,
  after: QuestionRecord,
  change: { removedOptions: string[]; kindChanged: boolean },
  alsoWrite: TransactItem[],
): Promise<'saved' | 'stale'> {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': before.version };
  const sets = Object.entries(definitionAttributes(after)).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} = :a${index}`;
  });
  const conditions = ['#version = :expected'];
  const removes = change.removedOptions.map((option, index) => {
    names[`#r${index}`] = `${CHOICE_PREFIX}${option}`;
    conditions.push(`(attribute_not_exists(#r${index}) OR #r${index} = :zero)`);
    return `#r${index}`;
  });
  if (change.kindChanged) conditions.push('answer_count = :zero');
  if (removes.length > 0 || change.kindChanged) values[':zero'] = 0;
  const applied = await transactUnlessFirstFails([
    {
      Update: {
        Key: questionKey(before),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...alsoWrite,
  ]);
  return applied ? 'saved' : 'stale';
}

/** Deletes a question nobody answered (over the version read) and lowers the event's `question_count`. */
export async function deleteUnansweredQuestion(question: QuestionRecord, alsoWrite: TransactItem[]): Promise<'deleted' | 'stale'> {
  const applied = await transactUnlessFirstFails([
    {
      Delete: {
        Key: questionKey(question),
        ConditionExpression: 'version = :expected AND (attribute_not_exists(answer_count) OR answer_count = :zero)',
        ExpressionAttributeValues: { ':expected': question.version, ':zero': 0 },
      },
    },
    { Update: { Key: eventKeys.item(question.event_id), UpdateExpression: 'ADD question_count :minus', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':minus': -1 } } },
    ...alsoWrite,
  ]);
  return applied ? 'deleted' : 'stale';
}

/**
 * The answer counters' part of a guest's transaction: one ADD per question whose counts move. An answer
 * checked against a definition commits only while that definition is the one read (`versions`); a
 * removal (a guest deleted) only needs the question to exist.
 */
export function answerCounterWrites(eventId: string, deltas: Map<string, AnswerCounterDelta>, versions: Record<string, number> = {}): TransactItem[] {
  return [...deltas].map(([questionId, delta]) => {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':answers': delta.answers };
    const adds = ['answer_count :answers'];
    Object.entries(delta.choices).forEach(([choice, count], index) => {
      names[`#c${index}`] = `${CHOICE_PREFIX}${choice}`;
      values[`:c${index}`] = count;
      adds.push(`#c${index} :c${index}`);
    });
    const version = versions[questionId];
    if (version !== undefined) values[':version'] = version;
    return {
      Update: {
        Key: childKeys.item('question', eventId, questionId),
        UpdateExpression: `ADD ${adds.join(', ')}`,
        ConditionExpression: version !== undefined ? 'version = :version' : 'attribute_exists(pk)',
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    };
  });
}
