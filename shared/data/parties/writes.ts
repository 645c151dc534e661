import type { GuestRecord } from '../../domain/guests/rules.ts';
import type { PartyRecord } from '../../domain/parties/rules.ts';
import { perPartyAnswersOf, type StoredAnswers, summedAnswerCounterDelta, withoutAnswers } from '../../domain/questions/answers.ts';
import type { QuestionRecord } from '../../domain/questions/definitions.ts';
import { answerCounterWrites } from '../questions/records.ts';
import { liveEventCheck } from '../events/live-event.ts';
import { guestKey } from '../guests/reads.ts';
import { invitationCodeKeys } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';
import { partyItem, partyKey } from './records.ts';

/**
 * A party's create, change or delete in one transaction: the party item (versioned), its link's code
 * lookup, `party_id` set on the members it gains (only if they are in no party) and removed from those it
 * loses (only if still theirs), each member's version moved on so an answer planned before the change is
 * planned again; the event must be live; the caller's audit entry goes with it.
 * The per_party questions (docs/questions.md): a guest who joins gives up their own answers to them (the
 * party's answer speaks for them; their version is checked so an answer of theirs in between makes it
 * read again), a deleted party's answers leave the counts, both in the same transaction (the counters
 * equal a recount of guests' and parties' answers); `questions` are the event's as read (none: none asked).
 */
export type PartyChange = {
  before: PartyRecord | null;
  after: PartyRecord | null;
  added: GuestRecord[];
  removed: GuestRecord[];
  alsoWrite: TransactItem[];
  questions?: QuestionRecord[];
};

export type PartyChangeOutcome = 'saved' | 'event_gone' | 'party_changed' | { memberTaken: string };

const EVENT_INDEX = 0;
const PARTY_INDEX = 1;

function memberWrite(guest: GuestRecord, partyId: string, joins: boolean, at: string, keptAnswers?: StoredAnswers | null): TransactItem {
  if (keptAnswers !== undefined) {
    // A joiner giving up their per_party answers: at the version read, so the answers dropped are the ones counted.
    return {
      Update: {
        Key: guestKey(guest),
        UpdateExpression: `SET party_id = :party, updated_at = :at${keptAnswers ? ', answers = :answers' : ''} ADD #version :one${keptAnswers ? '' : ' REMOVE answers'}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(party_id) AND #version = :read',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':party': partyId, ':at': at, ':one': 1, ':read': guest.version, ...(keptAnswers ? { ':answers': keptAnswers } : {}) },
      },
    };
  }
  return {
    Update: {
      Key: guestKey(guest),
      UpdateExpression: `${joins ? 'SET party_id = :party, ' : 'SET '}updated_at = :at ADD #version :one${joins ? '' : ' REMOVE party_id'}`,
      ConditionExpression: joins ? 'attribute_exists(pk) AND attribute_not_exists(party_id)' : 'party_id = :party',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':party': partyId, ':at': at, ':one': 1 },
    },
  };
}

function partyWrite(before: PartyRecord | null, after: PartyRecord | null): TransactItem {
  if (!before && after) return { Put: { Item: partyItem(after), ConditionExpression: 'attribute_not_exists(pk)' } };
  const versioned = { ConditionExpression: '#version = :read', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':read': (before as PartyRecord).version } };
  if (after) return { Put: { Item: partyItem({ ...after, version: (before as PartyRecord).version + 1 }), ...versioned } };
  return { Delete: { Key: partyKey(before as PartyRecord), ...versioned } };
}

export async function writePartyChange(change: PartyChange): Promise<PartyChangeOutcome> {
  const party = (change.after ?? change.before) as PartyRecord;
  const at = change.after?.updated_at ?? new Date().toISOString();
  const items: TransactItem[] = [liveEventCheck(party.event_id), partyWrite(change.before, change.after)];
  const members = [...change.added.map((guest) => ({ guest, joins: true })), ...change.removed.map((guest) => ({ guest, joins: false }))];
  const answerMoves: { before: { answers?: StoredAnswers }; after: { answers?: StoredAnswers } }[] = [];
  // With per_party questions a joiner is written at the version read, so an answer of theirs landing in between is seen.
  const perPartyAsked = (change.questions ?? []).some((question) => question.audience === 'per_party');
  for (const { guest, joins } of members) {
    const dropped = joins ? Object.keys(perPartyAnswersOf(change.questions ?? [], guest.answers)) : [];
    const kept = withoutAnswers(guest.answers, dropped);
    if (dropped.length > 0) answerMoves.push({ before: { ...(guest.answers ? { answers: guest.answers } : {}) }, after: { ...(kept ? { answers: kept } : {}) } });
    items.push(memberWrite(guest, party.id, joins, at, joins && perPartyAsked ? kept ?? null : undefined));
  }
  if (change.before?.code_hash !== change.after?.code_hash) {
    if (change.before) items.push({ Delete: { Key: invitationCodeKeys.item(change.before.code_hash) } });
    if (change.after) {
      items.push({ Put: { Item: { ...invitationCodeKeys.item(change.after.code_hash), type: 'invitation_code', event_id: party.event_id, party_id: party.id }, ConditionExpression: 'attribute_not_exists(pk)' } });
    }
  }
  // A deleted party's own answers leave the counts with it (its delete is at the version read).
  if (change.before?.answers && !change.after) answerMoves.push({ before: { answers: change.before.answers }, after: {} });
  items.push(...answerCounterWrites(party.event_id, summedAnswerCounterDelta(answerMoves)));
  items.push(...change.alsoWrite);
  try {
    await transact(items);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedIndexes.includes(EVENT_INDEX)) return 'event_gone';
    if (error.failedIndexes.includes(PARTY_INDEX)) return 'party_changed';
    const taken = members.find((_, index) => error.failedIndexes.includes(PARTY_INDEX + 1 + index));
    if (taken) return { memberTaken: taken.guest.id };
    throw error;
  }
}
