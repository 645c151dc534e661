import { describe, expect, it } from 'vitest';
import { proposeSeating, type ProposalGuest, type ProposalTable } from '../../shared/domain/seating/proposal.ts';
import { slotsToRelease } from '../../shared/domain/seating/rules.ts';

/** The seating proposal's heuristic (docs/seating.md): best-fit decreasing with together groups and apart conflicts. */
const tables = (...sizes: number[]): ProposalTable[] => sizes.map((seats, index) => ({ id: `t${index + 1}`, seats, taken: [] }));
const guests = (count: number, extra: (index: number) => Partial<ProposalGuest> = () => ({})): ProposalGuest[] =>
  Array.from({ length: count }, (_, index) => ({ id: `g${index + 1}`, plus_one_count: 0, ...extra(index) }));
const tableOf = (proposal: ReturnType<typeof proposeSeating>, guestId: string, slot = 0) =>
  proposal.assignments.find((seat) => seat.guest_id === guestId && seat.slot === slot)?.table_id;

describe('proposeSeating', () => {
  it('places the largest groups first into the table that fits them best, in the lowest free seats', () => {
    const proposal = proposeSeating(tables(4, 2), guests(3, (index) => (index === 0 ? { plus_one_count: 1 } : { party_id: index > 0 ? 'p' : null })), []);

    // g1 with a plus-one (2) and the party g2+g3 (2): both fit; the first one placed gets the best fit, t2.
    expect(tableOf(proposal, 'g1')).toBe(tableOf(proposal, 'g1', 1));
    expect(tableOf(proposal, 'g2')).toBe(tableOf(proposal, 'g3'));
    expect(tableOf(proposal, 'g1')).toBe('t2');
    expect(proposal.assignments.filter((seat) => seat.table_id === 't1').map((seat) => seat.seat_number)).toEqual([1, 2]);
    expect(proposal.unhonoured).toEqual([]);
  });

  it('is deterministic: the same input gives the same proposal', () => {
    const run = () => proposeSeating(tables(5, 5, 3), guests(12, (index) => ({ party_id: index < 4 ? 'a' : null, plus_one_count: index === 6 ? 1 : 0 })), [{ kind: 'apart', guest_ids: ['g1', 'g9'] }]);
    expect(run()).toEqual(run());
  });

  it('keeps apart guests at different tables when there is room elsewhere', () => {
    const proposal = proposeSeating(tables(2, 2), guests(2), [{ kind: 'apart', guest_ids: ['g1', 'g2'] }]);
    expect(tableOf(proposal, 'g1')).not.toBe(tableOf(proposal, 'g2'));
    expect(proposal.unhonoured).toEqual([]);
  });

  it('leaves the seated where they are, joins a group to its seated members, and never uses a taken seat', () => {
    const proposal = proposeSeating(
      [{ id: 't1', seats: 3, taken: [{ guest_id: 'g1', slot: 0, seat_number: 2 }] }, { id: 't2', seats: 3, taken: [] }],
      guests(2, () => ({ party_id: 'p' })),
      [],
    );
    expect(proposal.assignments).toEqual([{ guest_id: 'g2', slot: 0, table_id: 't1', seat_number: 1 }]);
  });

  it('splits a together group no table holds, and says so', () => {
    const proposal = proposeSeating(tables(2, 2), guests(3), [{ kind: 'together', guest_ids: ['g1', 'g2', 'g3'] }]);
    expect(proposal.assignments).toHaveLength(3);
    expect(proposal.unhonoured).toEqual([expect.objectContaining({ kind: 'together', source: 'constraint', guest_ids: ['g1', 'g2', 'g3'] })]);
  });

  it('breaks an apart rule rather than split a party when the other tables lack room, and says so', () => {
    const proposal = proposeSeating(tables(3, 1), guests(3, (index) => ({ party_id: index > 0 ? 'p' : null })), [{ kind: 'apart', guest_ids: ['g1', 'g2'] }]);
    // The party g2+g3 goes first (2 at t1); g1 has t2 (1 seat) unblocked.
    expect(tableOf(proposal, 'g1')).toBe('t2');
    expect(proposal.unhonoured).toEqual([]);
    const tight = proposeSeating(tables(3), guests(3, (index) => ({ party_id: index > 0 ? 'p' : null })), [{ kind: 'apart', guest_ids: ['g1', 'g2'] }]);
    expect(tight.assignments).toHaveLength(3);
    expect(tight.unhonoured).toEqual([expect.objectContaining({ kind: 'apart', guest_ids: ['g1', 'g2'] })]);
  });

  it('lists who has no seat when the tables are full; a group left out whole is not split, one cut short is', () => {
    const proposal = proposeSeating(tables(2), guests(2, () => ({ plus_one_count: 1 })), []);
    expect(proposal.assignments).toHaveLength(2);
    expect(proposal.unplaced).toEqual([{ guest_id: 'g2', slot: 0 }, { guest_id: 'g2', slot: 1 }]);
    expect(proposal.unhonoured).toEqual([]);
    const cut = proposeSeating(tables(2), guests(1, () => ({ plus_one_count: 2 })), []);
    expect(cut.unplaced).toEqual([{ guest_id: 'g1', slot: 2 }]);
    expect(cut.unhonoured).toEqual([expect.objectContaining({ source: 'plus_ones', guest_ids: ['g1'] })]);
  });
});

describe('where the heuristic fails (docs/seating.md)', () => {
  it('tables of 7 and 7, groups of 3, 3, 2, 2, 2, 2: a packing exists (3+2+2 twice), best fit splits the last group', () => {
    const sizes = [3, 3, 2, 2, 2, 2];
    const proposal = proposeSeating(tables(7, 7), sizes.map((size, index) => ({ id: `g${index + 1}`, plus_one_count: size - 1 })), []);
    expect(proposal.assignments).toHaveLength(14);
    expect(proposal.unhonoured).toEqual([expect.objectContaining({ source: 'plus_ones', guest_ids: ['g6'] })]);
  });
});

describe('slotsToRelease', () => {
  it('frees every seat of a guest who does not attend or was removed, and the plus-ones past their count', () => {
    expect(slotsToRelease({ rsvp_status: 'no', plus_one_count: 0 }, [0, 1])).toEqual([0, 1]);
    expect(slotsToRelease(null, [0])).toEqual([0]);
    expect(slotsToRelease({ rsvp_status: 'yes', plus_one_count: 1 }, [0, 1, 2])).toEqual([2]);
    expect(slotsToRelease({ rsvp_status: 'waitlisted', plus_one_count: 0 }, [0])).toEqual([0]);
  });
});
