import { describe, expect, it } from 'vitest';
import { importPartyName, planImportParties, type ResolvedName, rowsPerTransaction } from '../../shared/domain/parties/import.ts';
import type { PartyRecord } from '../../shared/domain/parties/rules.ts';

const party = (id: string, name: string, members: number): PartyRecord => ({
  id, event_id: 'e', name, member_ids: Array.from({ length: members }, (_, index) => `${id}-m${index}`), seating: 'whole_party', code_hash: 'h', created_at: 't', updated_at: 't', version: 3,
});
const newParty = (name: string) => party(`new-${name}`, name, 0);

describe('rowsPerTransaction', () => {
  it('takes 32 guests with emails and no parties (4 fixed items + 3 each = 100)', () => {
    expect(rowsPerTransaction(Array.from({ length: 40 }, () => ({ email: 'x@example.com', party: null })), 32)).toBe(32);
  });

  it('counts 3 items for each party a batch names once, so a batch of distinct new parties is smaller', () => {
    const rows = Array.from({ length: 40 }, (_, index) => ({ email: 'x@example.com', party: `Party ${index}` }));
    expect(rowsPerTransaction(rows, 32)).toBe(16);
    expect(rowsPerTransaction(rows.map((row) => ({ ...row, party: 'Same' })), 32)).toBe(31);
  });
});

describe('planImportParties', () => {
  it('joins the party resolved for a name (case and spaces folded), makes one for an unknown name, and leaves rows past 12 members out', () => {
    const resolved = new Map<string, ResolvedName>([['the smiths', { key: 'the smiths', party: party('p1', 'The Smiths', 11), lock: { state: 'held' } }]]);
    const rows = [
      { guestId: 'g1', party: 'THE  Smiths' },
      { guestId: 'g2', party: 'The Smiths' },
      { guestId: 'g3', party: null },
      { guestId: 'g4', party: 'The Joneses' },
      { guestId: 'g5', party: 'the joneses' },
    ];

    const plan = planImportParties(rows, resolved, newParty, 'now');

    expect(plan.rows.map((row) => [row.guestId, row.partyId])).toEqual([['g1', 'p1'], ['g3', null], ['g4', 'new-The Joneses'], ['g5', 'new-The Joneses']]);
    expect(plan.full.map((row) => row.guestId)).toEqual(['g2']);
    expect(plan.joins.map((join) => [join.after.id, join.created, join.joining, join.after.member_ids.length, join.before?.version ?? null])).toEqual([
      ['p1', false, ['g1'], 12, 3],
      ['new-The Joneses', true, ['g4', 'g5'], 2, null],
    ]);
  });

  it('reads the party column trimmed, empty as none', () => {
    expect([importPartyName({ party: '  Smiths ' }), importPartyName({ party: ' ' }), importPartyName({ name: 'x' })]).toEqual(['Smiths', null, null]);
  });
});
