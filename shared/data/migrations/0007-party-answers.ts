import { movePerPartyAnswers } from '../parties/per-party-answers.ts';
import { migrationIds } from './ids.ts';
import type { Migration } from './migration.ts';

/**
 * Issue 17: answers to `per_party` questions stored on a party's members (before per_party questions were
 * asked once per party, or before a question became per_party) move to the party record, exactly once:
 * per question the party's own answer, else the first member's in the party's order; the members give
 * theirs up and the counters move in the same transaction (shared/data/parties/per-party-answers.ts), so
 * they equal a recount. A party whose members hold none writes nothing (`changed_meanwhile`), so a second
 * run changes nothing. Reads per party: the event and party, its members, the event's questions.
 */
export const partyAnswersMigration: Migration = {
  id: migrationIds.partyAnswers,
  description: "per_party answers held by a party's members move to the party (counted once per party)",
  filter: {
    expression: '#type = :party',
    names: { '#type': 'type' },
    values: { ':party': 'party' },
  },
  concurrency: 10,
  migrate: async (item) => (await movePerPartyAnswers(String(item.event_id), String(item.id))) === 'moved',
};
