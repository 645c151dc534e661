import { type StoredAnswers, summedAnswerCounterDelta } from '../../domain/questions/answers.ts';
import { answersDroppedBy, mayStopAsking, type SubEventInvitationChange } from '../../domain/questions/sub-events.ts';
import { batchGetAll } from '../collection.ts';
import { guestFromItem } from '../guests/reads.ts';
import { childKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';
import { answerCounterWrites, listQuestions } from './records.ts';

/**
 * The part of a sub-event invitation change (an answer of no, an uninvitation) that drops the guests'
 * answers to that sub-event's questions no longer asked of them (docs/questions.md, "Sub-events"): each
 * such guest's `answers` over the version read, and the questions' counters by the answers dropped, for
 * the invitation change's own transaction. Reads nothing when no change can stop a question being asked;
 * otherwise the event's questions (one Query) and the guests concerned (BatchGet), again on every attempt.
 */
export async function droppedAnswerWrites(eventId: string, changes: SubEventInvitationChange[], now: string): Promise<TransactItem[]> {
  const stopping = changes.filter(mayStopAsking);
  if (stopping.length === 0) return [];
  const questions = (await listQuestions(eventId)).filter((question) => question.sub_event_id !== undefined);
  if (questions.length === 0) return [];
  const guestIds = [...new Set(stopping.flatMap((change) => (change.before ? [change.before.guest_id] : [])))];
  const guests = new Map((await batchGetAll(guestIds.map((guestId) => childKeys.item('guest', eventId, guestId)))).map((item) => {
    const guest = guestFromItem(item);
    return [guest.id, guest];
  }));
  const dropped = answersDroppedBy(stopping, questions, (guestId) => guests.get(guestId)?.answers);
  const items: TransactItem[] = [];
  const moves: { before: { answers?: StoredAnswers }; after: { answers?: StoredAnswers } }[] = [];
  for (const [guestId, kept] of dropped) {
    const guest = guests.get(guestId);
    if (!guest) continue;
    const keepsAny = Object.keys(kept.answers).length > 0;
    items.push({
      Update: {
        Key: childKeys.item('guest', eventId, guestId),
        UpdateExpression: `SET #version = :next, #updated = :now${keepsAny ? ', #answers = :answers' : ''}${keepsAny ? '' : ' REMOVE #answers'}`,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version', '#updated': 'updated_at', '#answers': 'answers' },
        ExpressionAttributeValues: { ':next': guest.version + 1, ':expected': guest.version, ':now': now, ...(keepsAny ? { ':answers': kept.answers } : {}) },
      },
    });
    moves.push({ before: { answers: guest.answers ?? {} }, after: { answers: kept.answers } });
  }
  items.push(...answerCounterWrites(eventId, summedAnswerCounterDelta(moves)));
  return items;
}
