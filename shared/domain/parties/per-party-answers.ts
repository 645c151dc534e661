import type { GuestRecord } from '../guests/rules.ts';
import { perPartyAnswersOf, type StoredAnswers, withoutAnswers } from '../questions/answers.ts';
import type { QuestionRecord } from '../questions/definitions.ts';
import type { PartyRecord } from './rules.ts';

/**
 * Answers to `per_party` questions stored on a party's members (given before the party existed or
 * before the question became per_party: migration 0007, docs/migrations.md) moved to the party: per
 * question the party keeps its own answer if it has one, else takes the first member's in the party's
 * order that holds one; every member gives theirs up. Null when no member holds one (nothing to move),
 * so a second run changes nothing.
 */
export type PerPartyMove = {
  party: { before: { answers?: StoredAnswers }; after: { answers?: StoredAnswers } };
  members: { guest: GuestRecord; before: { answers?: StoredAnswers }; after: { answers?: StoredAnswers } }[];
};

const holding = (answers: StoredAnswers | undefined) => (answers ? { answers } : {});

export function planPerPartyMove(questions: QuestionRecord[], party: Pick<PartyRecord, 'answers'>, members: GuestRecord[]): PerPartyMove | null {
  const moving = members.flatMap((guest) => {
    const held = perPartyAnswersOf(questions, guest.answers);
    return Object.keys(held).length > 0 ? [{ guest, held }] : [];
  });
  if (moving.length === 0) return null;
  const after: StoredAnswers = { ...party.answers };
  for (const { held } of moving) {
    for (const [questionId, answer] of Object.entries(held)) if (after[questionId] === undefined) after[questionId] = answer;
  }
  return {
    party: { before: holding(party.answers), after: holding(after) },
    members: moving.map(({ guest, held }) => ({ guest, before: holding(guest.answers), after: holding(withoutAnswers(guest.answers, Object.keys(held))) })),
  };
}
