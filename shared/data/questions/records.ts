import type { AnswerCounterDelta } from '../../domain/questions/answers.ts';
import { MAX_QUESTIONS_PER_EVENT, type QuestionRecord } from '../../domain/questions/definitions.ts';
import { queryChildren } from '../collection.ts';
import { eventKeys, childKeys } from '../keys.ts';
import { LIVE_EVENT_CONDITION } from '../events/live-event.ts';
import { type TransactItem, TransactionConditionFailed, transact, transactUnlessFirstFails } from '../transact.ts';

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

/**
 * The sub-event's `question_count` moved with a question's write, only while the sub-event exists: a
 * sub-event deleted meanwhile fails the write, and a sub-event's delete is conditioned on the count being 0.
 */
const subEventQuestionCount = (eventId: string, subEventId: string, delta: 1 | -1): TransactItem => ({
  Update: {
    Key: childKeys.item('subEvent', eventId, subEventId),
    UpdateExpression: 'ADD question_count :delta',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':delta': delta },
  },
});

/** The sub-event counts a question's move from one sub-event (or the whole event) to another writes. */
function subEventQuestionCounts(before: Pick<QuestionRecord, 'event_id' | 'sub_event_id'> | null, after: Pick<QuestionRecord, 'event_id' | 'sub_event_id'> | null): TransactItem[] {
  if (before?.sub_event_id === after?.sub_event_id) return [];
  const eventId = (after ?? before)?.event_id as string;
  return [
    ...(before?.sub_event_id ? [subEventQuestionCount(eventId, before.sub_event_id, -1)] : []),
    ...(after?.sub_event_id ? [subEventQuestionCount(eventId, after.sub_event_id, 1)] : []),
  ];
}

/** An event's questions (Query `QUESTION#` in EVENT#<id>, strong): at most MAX_QUESTIONS_PER_EVENT items. */
export async function listQuestions(eventId: string): Promise<QuestionRecord[]> {
  return (await queryChildren('question', eventId)).map(questionFromItem);
}

/** The definition's attributes a write replaces (never the counters: only answers move those). */
function definitionAttributes(question: QuestionRecord): Record<string, unknown> {
  const { answer_count: _answers, choice_counts: _choices, ...definition } = question;
  return definition;
}

/**
 * A new question and the event's `question_count`, under the cap, in one transaction ('event_gone': gone
 * or being deleted, or the cap reached meanwhile; 'sub_event_gone': its sub-event was deleted meanwhile).
 */
export async function createQuestion(question: QuestionRecord, alsoWrite: TransactItem[]): Promise<'saved' | 'event_gone' | 'sub_event_gone'> {
  const subEventWrites = subEventQuestionCounts(null, question);
  const failed = await transactReportingFailure([
    {
      Update: {
        Key: eventKeys.item(question.event_id),
        UpdateExpression: 'ADD question_count :one',
        ConditionExpression: `${LIVE_EVENT_CONDITION} AND (attribute_not_exists(question_count) OR question_count < :max)`,
        ExpressionAttributeValues: { ':one': 1, ':max': MAX_QUESTIONS_PER_EVENT },
      },
    },
    { Put: { Item: { ...questionKey(question), type: 'question', ...definitionAttributes(question), answer_count: 0 }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...subEventWrites,
    ...alsoWrite,
  ]);
  if (failed === null) return 'saved';
  return failed.some((index) => index >= 2 && index < 2 + subEventWrites.length) ? 'sub_event_gone' : 'event_gone';
}

/** null when the transaction committed, else the indexes of the items whose condition failed. */
async function transactReportingFailure(items: TransactItem[]): Promise<number[] | null> {
  try {
    await transact(items);
    return null;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return error.failedIndexes;
    throw error;
  }
}

/**
 * A changed definition, only over the version read and only while the options it removes hold no answers
 * (and, for a change of kind, while nobody answered): an answer that lands first makes it 'stale', and
 * the caller reads again to name the answers affected.
 */
export async function saveQuestionChange(
  before: QuestionRecord,
  after: QuestionRecord,
  change: { removedOptions: string[]; kindChanged: boolean; subEventMoved?: boolean },
  alsoWrite: TransactItem[],
): Promise<'saved' | 'stale' | 'sub_event_gone'> {
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
  if (change.kindChanged || change.subEventMoved) conditions.push('(attribute_not_exists(answer_count) OR answer_count = :zero)');
  if (removes.length > 0 || change.kindChanged || change.subEventMoved) values[':zero'] = 0;
  if (before.sub_event_id && !after.sub_event_id) {
    names['#subEvent'] = 'sub_event_id';
    removes.push('#subEvent');
  }
  const subEventWrites = subEventQuestionCounts(before, after);
  const failed = await transactReportingFailure([
    {
      Update: {
        Key: questionKey(before),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...subEventWrites,
    ...alsoWrite,
  ]);
  if (failed === null) return 'saved';
  return failed.some((index) => index >= 1 && index < 1 + subEventWrites.length) ? 'sub_event_gone' : 'stale';
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
    ...subEventQuestionCounts(question, null),
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
