import { type PerPartyMove, planPerPartyMove } from '../../domain/parties/per-party-answers.ts';
import { summedAnswerCounterDelta } from '../../domain/questions/answers.ts';
import { guestKey } from '../guests/reads.ts';
import { answerCounterWrites, listQuestions } from '../questions/records.ts';
import { type TransactItem, transactIfConditionsHold } from '../transact.ts';
import { getEventPartyAndMembers, partyKey } from './records.ts';

/**
 * Moves a party's members' per_party answers to the party (planPerPartyMove) in ONE transaction: the
 * party and each member at the version read (answers set, version moved on, so an answer planned from
 * before is planned again), and the questions' counters by the summed move (members' answers out, the
 * party's in): the counts equal a recount of the guests' and parties' answers before and after. A write
 * in between makes it read and plan again (a few times, then 'busy' for a later run).
 */
const MAX_ATTEMPTS = 5;

const answersUpdate = (key: ReturnType<typeof partyKey>, version: number, answers: PerPartyMove['party']['after']['answers']): TransactItem => ({
  Update: {
    Key: key,
    UpdateExpression: `${answers ? 'SET answers = :answers ' : ''}ADD #version :one${answers ? '' : ' REMOVE answers'}`,
    ConditionExpression: '#version = :read',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':read': version, ':one': 1, ...(answers ? { ':answers': answers } : {}) },
  },
});

export async function movePerPartyAnswers(eventId: string, partyId: string): Promise<'moved' | 'nothing' | 'busy'> {
  for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
    const state = await getEventPartyAndMembers(eventId, partyId);
    if (!state || (state.event.question_count ?? 0) === 0) return 'nothing';
    const questions = await listQuestions(eventId);
    const members = state.members.filter((member) => member.party_id === partyId);
    const move = planPerPartyMove(questions, state.party, members);
    if (!move) return 'nothing';
    const items: TransactItem[] = [
      answersUpdate(partyKey(state.party), state.party.version, move.party.after.answers),
      ...move.members.map(({ guest, after }) => answersUpdate(guestKey(guest), guest.version, after.answers)),
      ...answerCounterWrites(eventId, summedAnswerCounterDelta([move.party, ...move.members])),
    ];
    if (await transactIfConditionsHold(items)) return 'moved';
  }
  return 'busy';
}
